"""Staff find their tools: themes, the moderation queue and appeals are in the admin menu and
on the consultation's admin page; the summary marks what publishing needs and links to the
tagging of comments."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.urls import reverse

from consult.outcomes.models import CommentTheme, Theme
from tests.outcomes.conftest import add_summary, add_url, comment, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moritz(db):
    """A moderator who may also edit pages (Moderators and Editors), with a second factor."""
    user = make_user("moritz@example.org", group="public_body")
    user.groups.add(Group.objects.get(name="Editors"))
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    TOTP.activate(user, generate_totp_secret())
    return user


def test_editors_find_the_themes_from_the_menu(client, edith, consultation):
    Theme.objects.create(consultation=consultation, name="Costs")
    client.force_login(edith)

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("outcomes_themes_index") in home
    assert reverse("moderation:queue") not in home  # not a moderator

    listing = client.get(reverse("outcomes_themes_index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert reverse("outcomes:themes", args=[consultation.pk]) in html
    assert consultation.title in html


def test_participants_are_refused_the_themes_index(client, consultation):
    client.force_login(make_user("mallory@example.org"))
    response = client.get(reverse("outcomes_themes_index"))
    assert response.status_code in (302, 403)


def test_moderators_find_the_queue_and_appeals(client, moritz, consultation):
    client.force_login(moritz)

    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("moderation:queue") in home
    assert reverse("moderation:appeals") in home
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[consultation.pk]))
    assert (
        f"{reverse('moderation:queue')}?consultation={consultation.pk}" in editor.content.decode()
    )


def test_the_summary_marks_what_publishing_needs_and_links_to_tagging(
    client, edith, closed_consultation, theme
):
    client.force_login(edith)

    html = client.get(add_url(closed_consultation)).content.decode()

    assert "Our response (required to publish)" in html
    assert reverse("outcomes:themes", args=[closed_consultation.pk]) in html


def test_the_summary_lists_what_publishing_still_needs(client, edith, closed_consultation, theme):
    summary = add_summary(closed_consultation, [(theme, "")], publish=False)
    edit = reverse("wagtailadmin_pages:edit", args=[summary.pk])
    client.force_login(edith)

    html = client.get(edit).content.decode()
    assert "Before publishing" in html
    assert "The theme “Human review” has no response yet" in html

    CommentTheme.objects.create(
        theme=theme, comment=comment(closed_consultation, make_user("alice@example.org"))
    )
    row = summary.theme_responses.get()
    row.response = "<p>Every refusal will be reviewed.</p>"
    row.save()
    summary.save_revision()
    html = client.get(edit).content.decode()
    assert "Nothing is missing: the summary can be published." in html
