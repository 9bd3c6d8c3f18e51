"""The public never learns who is behind a pseudonym; editors and moderators can."""

import pytest

from consult.discussion.models import DisplayMode

pytestmark = pytest.mark.django_db


def test_the_public_sees_the_pseudonym_and_group_never_the_name(
    client, alice, bob, consultation, post_comment, page_html
):
    post_comment(consultation, alice, "Under a pseudonym", mode=DisplayMode.PSEUDONYM)

    for viewer in (None, bob):
        if viewer:
            client.force_login(viewer)
        html = page_html(consultation)
        assert alice.profile.pseudonym in html
        assert "Affected person" in html
        assert "Alice Martin" not in html
        assert "alice@example.org" not in html


def test_the_json_fragment_keeps_the_pseudonym(client, alice, consultation):
    client.force_login(alice)

    response = client.post(
        f"/consultations/{consultation.pk}/comments/",
        {"body": "Hidden name", "display_mode": "pseudonym"},
        HTTP_ACCEPT="application/json",
    )

    html = response.json()["html"]
    assert alice.profile.pseudonym in html
    assert "Alice Martin" not in html


def test_reactions_fragment_and_reply_page_keep_the_pseudonym(
    client, alice, bob, consultation, post_comment
):
    comment = post_comment(consultation, alice, "Hidden name", mode=DisplayMode.PSEUDONYM)
    client.force_login(bob)

    reply_page = client.get(f"/consultations/{consultation.pk}/comments/", {"parent": comment.pk})
    reaction = client.post(
        f"/comments/{comment.pk}/reactions/", {"value": "agree"}, HTTP_ACCEPT="application/json"
    )

    assert "Alice Martin" not in reply_page.content.decode()
    assert "Alice Martin" not in reaction.json()["html"]


def test_named_comments_show_name_and_organisation(
    client, bob, consultation, post_comment, page_html
):
    post_comment(consultation, bob, "Under my name", mode=DisplayMode.NAMED)

    html = page_html(consultation)

    assert "Bob Keller" in html
    assert "Institute of Ethics, Academic or researcher" in html
    assert bob.profile.pseudonym not in html


def test_moderators_see_who_is_behind_a_pseudonym(
    client, alice, mona, consultation, post_comment, page_html
):
    post_comment(consultation, alice, "Under a pseudonym", mode=DisplayMode.PSEUDONYM)
    client.force_login(mona)

    html = page_html(consultation)

    assert "Pseudonym of Alice Martin" in html


def test_the_choice_is_remembered_per_consultation(client, alice, consultation, make_consultation):
    other = make_consultation("Another consultation")
    client.force_login(alice)
    client.post(
        f"/consultations/{consultation.pk}/comments/", {"body": "x", "display_mode": "named"}
    )

    here = client.get(consultation.url).context["comment_form"]
    there = client.get(other.url).context["comment_form"]

    assert here.initial["display_mode"] == "named"
    assert there.initial["display_mode"] == "pseudonym"


def test_the_snapshot_keeps_the_group_of_the_time(
    client, bob, consultation, post_comment, page_html
):
    post_comment(consultation, bob, "Said as an academic")
    bob.profile.stakeholder_group = "industry"
    bob.profile.save()

    html = page_html(consultation)

    assert "Academic or researcher" in html.split('id="comment-list"')[1]
