"""The pages people could not find (issue 15): outcomes, transparency, notifications and the
staff tools, linked from every page."""

import re

import pytest
from django.contrib.auth.models import Group

from consult.outcomes.models import CommentTheme
from tests.outcomes.conftest import PASSWORD, add_summary, comment, make_user

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def account_nav(client) -> str:
    return client.get("/").text.split('class="account-nav"')[1].split("</nav>")[0]


def test_the_footer_links_outcomes_and_transparency_in_both_languages(client, home, french):
    footer = client.get("/").text.split('class="site-footer"')[1]
    assert '<a href="/outcomes/">Outcomes of consultations</a>' in footer
    assert '<a href="/transparency/">Moderation transparency report</a>' in footer

    french_footer = client.get("/fr/outcomes/").text.split('class="site-footer"')[1]
    assert '<a href="/fr/outcomes/" aria-current="page">' in french_footer


def test_outcomes_lists_published_summaries_and_cards_link_them(
    client, closed_consultation, consultation, theme
):
    author = make_user("alice@example.org")
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, author))
    add_summary(closed_consultation, [(theme, "<p>We agree.</p>")])
    closed_consultation.refresh_from_db()

    html = client.get("/outcomes/").text

    assert closed_consultation.title in html
    assert consultation.title not in html  # open, no outcome
    link = re.search(r'<a href="([^"]+)">Read the outcome<span', html)
    assert link and link.group(1) == f"{closed_consultation.url}summary/"
    assert "What we heard" in client.get(link.group(1)).text


def test_outcomes_says_so_when_there_are_none(client, consultation):
    assert "No outcome has been published yet." in client.get("/outcomes/").text


def test_notifications_are_always_in_the_account_menu(client):
    sign_in(client, make_user("bea@example.org"))

    nav = account_nav(client)

    assert '<a class="notifications-link" href="/accounts/notifications/">Notifications</a>' in nav
    assert "Moderation queue" not in nav and ">Admin<" not in nav


def test_staff_get_links_to_their_tools(client):
    moderator = make_user("mo@example.org")
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    editor = make_user("ed@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))

    sign_in(client, moderator)
    nav = account_nav(client)
    assert '<a href="/moderation/">Moderation queue</a>' in nav and ">Admin<" not in nav

    client.post("/accounts/logout/")
    sign_in(client, editor)
    nav = account_nav(client)
    assert '<a href="/admin/">Admin</a>' in nav and "Moderation queue" not in nav
