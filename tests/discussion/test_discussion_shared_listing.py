"""Signed-in readers share the threads everyone sees alike (read once per change of the
discussion), and still each see only what is theirs: their own held comments, reactions and
reports."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.discussion import services
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import RuleCode
from consult.moderation.services.comments import comment_approve
from consult.moderation.services.flags import flag_create
from consult.realtime import publish
from tests.discussion.conftest import make_user
from tests.discussion.discussion_support import pressed_reactions

pytestmark = pytest.mark.django_db

AGREED_ONCE = 'Agree <span class="reaction__count">1</span>'
REPORTED = "You reported this comment"


def page(consultation, user=None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(consultation.url)
    assert response.status_code == 200
    return response.content.decode()


def hold(comment: Comment) -> None:
    # What screening does to a comment it holds; the listing everyone shares changes too.
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.HELD)
    publish.page_changed(consultation=comment.consultation)


def test_a_held_comment_shows_to_its_author_and_moderators_only(
    consultation, alice, bob, mona, post_comment
):
    # Only a moderator with a second factor moderates.
    Authenticator.objects.create(
        user=mona, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    post_comment(consultation, alice, "Cameras at every gate.")
    held = post_comment(consultation, alice, "Waiting for a moderator.")
    assert "Waiting for a moderator." in page(consultation, bob)
    hold(held)

    # Bob reads first, so the listing without held comments is the one remembered.
    assert "Waiting for a moderator." not in page(consultation, bob)
    assert "Waiting for a moderator." in page(consultation, alice)
    assert "Waiting for a moderator." in page(consultation, mona)
    for reader in (bob, None):
        html = page(consultation, reader)
        assert "Cameras at every gate." in html
        assert "Waiting for a moderator." not in html

    comment_approve(comment=held, moderator=mona)

    assert "Waiting for a moderator." in page(consultation, bob)


def test_the_shared_threads_follow_every_reaction_and_each_reader_sees_their_own(
    consultation, alice, bob, post_comment
):
    carol = make_user("carol@example.org", display_name="Carol")
    comment = post_comment(consultation, alice, "Shall we react?")
    assert AGREED_ONCE not in page(consultation, carol)

    services.reaction_set(comment=comment, user=bob, value="agree")

    bob_html = page(consultation, bob)
    assert AGREED_ONCE in bob_html and pressed_reactions(bob_html) == ["Agree"]
    carol_html = page(consultation, carol)
    assert AGREED_ONCE in carol_html and pressed_reactions(carol_html) == []


def test_a_participant_page_reads_the_shared_threads_once(consultation, alice, bob, post_comment):
    for n in range(30):
        post_comment(consultation, alice, f"Comment number {n}.")
    services.position_set(consultation=consultation, user=alice, stance="support")
    page(consultation, alice)
    client = Client()
    client.force_login(bob)

    with CaptureQueriesContext(connection) as queries:
        html = client.get(consultation.url).content.decode()

    # Bob's page reads his own part only: the comments, counts and tallies were read for Alice.
    assert "Comment number 29." in html
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"discussion_comment"."body_html"' not in read
    assert '"discussion_position"."stance"' not in read


def test_each_reader_gets_the_comment_form_with_their_own_names_and_token(consultation, alice, bob):
    for user in (alice, bob, alice):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(consultation.url).content.decode()
        form = re.search(r"<form[^>]*data-discussion-comment-form.*?</form>", html, re.DOTALL)[0]
        own, other = ("Alice Martin", "Bob Keller") if user == alice else ("Bob Keller", "Alice")
        assert f"Under my name, {own}" in form
        assert other not in form
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
        posted = client.post(
            f"/consultations/{consultation.pk}/comments/",
            {"csrfmiddlewaretoken": token, "body": f"Posted by {own}.", "display_mode": "named"},
        )
        assert posted.status_code == 302
    assert Comment.objects.filter(consultation=consultation).count() == 3


def test_readers_of_a_kind_share_the_threads_and_each_gets_their_own_controls(
    consultation, alice, bob, una, post_comment
):
    carol = make_user("carol@example.org", display_name="Carol")
    comment = post_comment(consultation, alice, "Alice wrote this.")
    edit = reverse("discussion_comment_edit", args=[comment.pk])
    react = reverse("discussion_reaction", args=[comment.pk])
    report = reverse("moderation_flag", args=[comment.pk])
    # Carol reads first: the threads as verified participants see them are read for her.
    carol_html = page(consultation, carol)
    assert react in carol_html and report in carol_html and edit not in carol_html

    # Alice's own comment: hers to edit, not to react to or report.
    alice_html = page(consultation, alice)
    assert edit in alice_html
    assert react not in alice_html and report not in alice_html

    flag_create(comment=comment, flagger=bob, rule_code=RuleCode.SPAM)

    assert REPORTED in page(consultation, bob)
    carol_html = page(consultation, carol)
    assert REPORTED not in carol_html and edit not in carol_html and react in carol_html
    # A participant yet to confirm their address may neither react nor report.
    una_html = page(consultation, una)
    assert "Alice wrote this." in una_html
    assert react not in una_html and report not in una_html
