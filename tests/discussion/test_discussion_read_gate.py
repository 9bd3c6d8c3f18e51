"""The one read gate: a consultation restricted to a group is seen by its members only, on
every path that names it or something in it, and refused to everyone else with a 404 that
names nothing (consult.consultations.access)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction

from consult.discussion.models import Position, Reaction
from consult.moderation.models import Flag
from consult.outcomes import mail as outcomes_mail
from consult.outcomes.models import EventKind, Follow
from consult.outcomes.services import follow_start
from tests.discussion.conftest import make_user

TITLE = "Restricted trial of gait analysis"


@pytest.fixture
def editors(db) -> Group:
    return Group.objects.get_or_create(name="Editors")[0]


@pytest.fixture
def eve(db, editors):
    """A member of the group the consultation is restricted to."""
    user = make_user("eve@example.org", display_name="Eve Editor")
    user.groups.add(editors)
    return user


@pytest.fixture
def restricted(make_consultation, editors):
    page = make_consultation(TITLE)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(editors)
    return page


@pytest.fixture
def hidden_comment(restricted, eve, post_comment):
    return post_comment(restricted, eve, "Only members should read this sentence.")


def _paths(page, comment) -> list[tuple[str, str, dict]]:
    return [
        ("get", f"/comments/{comment.pk}/", {}),
        ("get", f"/comments/{comment.pk}/edit/", {}),
        ("post", f"/comments/{comment.pk}/edit/", {"body": "changed"}),
        ("post", f"/comments/{comment.pk}/delete/", {}),
        ("post", f"/comments/{comment.pk}/reactions/", {"value": "agree"}),
        ("get", f"/comments/{comment.pk}/report/", {}),
        ("post", f"/comments/{comment.pk}/report/", {"rule_code": "off_topic", "note": "x"}),
        ("get", f"/consultations/{page.pk}/comments/", {}),
        ("post", f"/consultations/{page.pk}/comments/", {"body": "hello"}),
        ("get", f"/consultations/{page.pk}/position/", {}),
        ("post", f"/consultations/{page.pk}/position/", {"stance": "support"}),
        ("post", f"/consultations/{page.pk}/position/withdraw/", {}),
        ("get", f"/consultations/{page.pk}/response/", {}),
        ("get", f"/consultations/{page.pk}/follow/", {}),
        ("post", f"/consultations/{page.pk}/follow/", {"email": "x@example.org"}),
        ("post", f"/consultations/{page.pk}/unfollow/", {}),
        ("get", f"/consultations/{page.pk}/opinion-groups/", {}),
        ("get", f"/api/v1/consultations/{page.pk}/", {}),
        ("get", f"/api/v1/consultations/{page.pk}/comments/", {}),
        ("get", f"/transparency/{page.slug}/", {}),
        ("get", "/transparency/", {"consultation": page.slug}),
        ("get", f"/fr/comments/{comment.pk}/", {}),
    ]


@pytest.mark.parametrize("through", ["source", "translation"])
@pytest.mark.parametrize("who", ["anonymous", "participant"])
def test_every_side_path_refuses_with_a_404_that_names_nothing(
    request, client, restricted, hidden_comment, alice, who, through
):
    # Through its translation, every path names the translation (see unrestricted_french).
    page = (
        request.getfixturevalue("unrestricted_french") if through == "translation" else restricted
    )
    if who == "participant":
        client.force_login(alice)
    for method, path, data in _paths(page, hidden_comment):
        if through == "translation" and not path.startswith(("/fr/", "/api/")):
            path = f"/fr{path}"
        response = getattr(client, method)(path, data)
        assert response.status_code == 404, (method, path, response.status_code)
        body = response.content.decode()
        assert TITLE not in body, path
        assert "Only members" not in body, path
        # The page's address only where the asker typed it (the language links repeat it).
        assert restricted.slug not in body or restricted.slug in path + str(data), path
    assert not Reaction.objects.exists()
    assert not Flag.objects.exists()
    assert not Follow.objects.exists()
    assert not Position.objects.exists()


def test_members_reach_what_the_others_are_refused(client, restricted, hidden_comment, eve):
    client.force_login(eve)
    assert client.get(restricted.url).status_code == 200
    permalink = client.get(f"/comments/{hidden_comment.pk}/")
    assert permalink.status_code == 302
    assert permalink["Location"].startswith(restricted.url)
    assert client.get(f"/comments/{hidden_comment.pk}/edit/").status_code == 200
    assert client.get(f"/consultations/{restricted.pk}/comments/").status_code == 200
    assert client.get(f"/consultations/{restricted.pk}/follow/").status_code == 200
    assert client.get(f"/consultations/{restricted.pk}/opinion-groups/").status_code == 200


def test_the_page_itself_sends_the_signed_out_to_sign_in_and_refuses_non_members(
    client, restricted, alice
):
    signed_out = client.get(restricted.url)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("account_login"))
    client.force_login(alice)
    refused = client.get(restricted.url)
    assert refused.status_code == 404
    assert TITLE not in refused.content.decode()


def test_feeds_list_only_what_the_public_may_open(client, restricted, consultation, eve):
    client.force_login(eve)
    feed = client.get("/feeds/consultations/").content.decode()
    assert consultation.title in feed
    assert TITLE not in feed and restricted.slug not in feed


def test_followers_who_may_no_longer_see_it_are_told_nothing(restricted, editors, eve, alice):
    restriction = PageViewRestriction.objects.get(page=restricted)
    restriction.delete()
    follow_start(consultation=restricted, user=alice)
    follow_start(consultation=restricted, user=eve)
    restriction = PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(editors)
    mail.outbox.clear()

    told = outcomes_mail.followers_notify_now(consultation_id=restricted.pk, kind=EventKind.CLOSED)

    assert told == 1
    assert [message.to for message in mail.outbox] == [[eve.email]]


def test_the_gate_finds_the_restrictions_wagtail_finds(index_page, make_consultation, editors):
    from consult.consultations.access import view_restrictions

    on_ancestor = PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.LOGIN
    )
    page = make_consultation("Under a restricted list")
    own = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    alias = page.create_alias(update_slug="alias-of-it")
    for subject in (page, alias, index_page):
        expected = set(subject.get_view_restrictions())
        assert set(view_restrictions(subject)) == expected
    assert set(view_restrictions(alias)) == {on_ancestor, own}


def test_the_restricted_condition_agrees_with_the_gate(index_page, make_consultation, consultation):
    """restricted_sql, which the reaction read asks instead of reading the restrictions,
    finds one exactly where view_restrictions does: on the page, on an ancestor only, on
    the source of an alias only, and on none."""
    from django.db import connection
    from wagtail.models import Page

    from consult.consultations.access import restricted_sql, view_restrictions
    from consult.core.rows import table

    elsewhere = make_consultation("Restricted at its source")
    alias = elsewhere.create_alias(update_slug="alias-of-the-source")
    PageViewRestriction.objects.create(page=elsewhere, restriction_type=PageViewRestriction.LOGIN)
    under = make_consultation("Under a list restricted later")

    def restricted(page) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {restricted_sql('p')} FROM {table(Page)} p WHERE p.id = %s",  # noqa: S608
                [page.pk],
            )
            return bool(cursor.fetchone()[0])

    assert [restricted(page) for page in (consultation, elsewhere, alias)] == [False, True, True]
    PageViewRestriction.objects.create(page=index_page, restriction_type=PageViewRestriction.LOGIN)
    for page in (consultation, under, index_page, elsewhere, alias):
        assert restricted(page) == view_restrictions(page).exists(), page


def test_a_restriction_on_an_ancestor_refuses_reactions_to_non_members(
    client, index_page, make_consultation, post_comment, editors, eve, alice
):
    page = make_consultation("Under a restricted list")
    restriction = PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(editors)
    comment = post_comment(page, eve, "Only members may react to this.")
    bob = make_user("bob@example.org", display_name="Bob")
    bob.groups.add(editors)
    path = f"/comments/{comment.pk}/reactions/"

    client.force_login(alice)
    assert client.post(path, {"value": "agree"}).status_code == 404
    assert not Reaction.objects.exists()
    client.force_login(bob)
    assert client.post(path, {"value": "agree"}).status_code == 302
    assert Reaction.objects.get().value == "agree"


@pytest.fixture
def unrestricted_french(restricted):
    """The French version of the restricted consultation, without a restriction of its own,
    as when it was translated before the source was restricted: Wagtail restricts each page
    alone (a translation copies the restrictions its source has then)."""
    french = Locale.objects.create(language_code="fr")
    for page in restricted.get_ancestors().filter(depth__gt=1).specific():
        page.copy_for_translation(french).save_revision().publish()
    translation = restricted.copy_for_translation(french)
    translation.save_revision().publish()
    PageViewRestriction.objects.filter(page=translation).delete()
    return translation


def test_a_translation_shows_the_discussion_of_a_restricted_consultation_to_members_only(
    client, unrestricted_french, hidden_comment, alice, eve
):
    for who in (None, alice):
        if who is not None:
            client.force_login(who)
        refused = client.get(unrestricted_french.url)
        assert refused.status_code == 404, who
        assert "Only members" not in refused.content.decode()
    client.force_login(eve)
    assert "Only members" in client.get(unrestricted_french.url).content.decode()
