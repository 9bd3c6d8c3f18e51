"""The moderators' queue at /moderation/ and the appeals they review, through the client."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consult.consultations.models import ModerationMode
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    ModerationDecision,
    RuleCode,
    Suspension,
)
from consult.moderation.services.appeals import appeal_file
from consult.moderation.services.campaigns import comment_hold_automated
from consult.moderation.services.comments import comment_hide
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create

pytestmark = pytest.mark.django_db

QUEUE = "/moderation/"
ACT = "/moderation/act/"
APPEALS = "/moderation/appeals/"


@pytest.fixture
def premoderated(make_consultation):
    return make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE)


@pytest.fixture
def held(premoderated, alice, bob, post_comment):
    """A visible thread start (approved) with two held replies."""
    root = post_comment(premoderated, alice, "The thread starts with a question about audits.")
    root.state = CommentState.VISIBLE
    root.save(update_fields=["state"])
    return [
        root,
        post_comment(premoderated, bob, "A held reply about data retention.", parent=root),
        post_comment(premoderated, alice, "Another held reply on error rates.", parent=root),
    ]


@pytest.fixture
def decision_and_appeal(consultation, alice, mona, post_comment):
    comment = post_comment(consultation, alice, "Hidden, then appealed.")
    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    appeal = appeal_file(decision=decision, appellant=alice, statement="It was not spam.")
    return decision, appeal


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who gets in ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [QUEUE, "/fr/moderation/", APPEALS])
def test_every_page_refuses_anonymous_participants_and_moderators_without_mfa(
    client, alice, nick, path
):
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    client.force_login(alice)
    assert client.get(path).status_code == 403
    client.force_login(nick)
    response = client.get(path)
    assert response.status_code == 302 and "2fa" in response.url


def test_every_action_refuses_anonymous_participants_and_moderators_without_mfa(
    client, alice, nick, held, decision_and_appeal
):
    _decision, appeal = decision_and_appeal
    posts = [
        (ACT, {"comments": [held[1].pk], "action": "hide", "rule": "spam"}),
        (
            reverse("moderation:appeal_decide", kwargs={"pk": appeal.pk}),
            {"outcome": "reversed", "reasons": "Fine."},
        ),
    ]
    for user in (None, alice, nick):
        if user:
            client.force_login(user)
        for path, data in posts:
            assert client.post(path, data).status_code in (302, 403)
    held[1].refresh_from_db()
    assert held[1].state == CommentState.HELD
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.PENDING


# --- The queue ------------------------------------------------------------------------------


def test_held_and_reported_comments_are_listed_in_their_thread(
    client, mona, held, consultation, alice, bob, post_comment
):
    reported = post_comment(consultation, alice, "Reported for being an advert.")
    flag_create(comment=reported, flagger=bob, rule_code="spam", note="Looks like an ad")
    post_comment(consultation, bob, "Nobody reported this one.")
    client.force_login(mona)
    response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert [item.comment.pk for item in response.context["queue"].items] == [
        held[1].pk,
        held[2].pk,
        reported.pk,
    ]
    assert "Nobody reported this one." not in html
    assert "The thread starts with a question about audits." in html  # the parent, as context
    assert "Looks like an ad" in html and "Pre-moderation" in html
    assert html.count('type="checkbox" name="comments"') == 3


def test_the_queue_filters_by_consultation_rule_automation_and_age(
    client, mona, held, consultation, alice, bob, post_comment
):
    reported = post_comment(consultation, alice, "Reported for harassment.")
    flag_create(comment=reported, flagger=bob, rule_code=RuleCode.HARASSMENT)
    screened = post_comment(consultation, bob, "Screened automatically.")
    comment_hold_automated(
        comment=screened,
        screening=Screening(check="terms:en", version=2, rule_code=RuleCode.HATE_SPEECH),
    )
    Comment.objects.filter(pk=held[1].pk).update(created_at=timezone.now() - timedelta(days=9))
    client.force_login(mona)

    def listed(**params) -> set[int]:
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        return {item.comment.pk for item in response.context["queue"].items}

    assert listed(consultation=consultation.pk) == {reported.pk, screened.pk}
    assert listed(rule="harassment") == {reported.pk}
    assert listed(rule="hate_speech") == {screened.pk}
    assert listed(automated="yes") == {screened.pk}
    assert listed(automated="no") == {held[1].pk, held[2].pk, reported.pk}
    assert listed(age="older") == {held[1].pk}
    assert listed(age="day") == {held[2].pk, reported.pk, screened.pk}
    assert "Automated check terms:en (version 2)" in client.get(QUEUE).content.decode()


def test_a_bulk_action_applies_its_rule_and_note_to_every_ticked_comment(client, mona, held):
    client.force_login(mona)
    response = client.post(
        ACT,
        {
            "comments": [held[1].pk, held[2].pk],
            "action": "hide",
            "rule": "off_topic",
            "public_note": "Both are about another consultation.",
            "query": "rule=off_topic",
        },
    )
    assert response.status_code == 302 and response.url == "/moderation/?rule=off_topic"
    hides = ModerationDecision.objects.filter(action=Action.HIDE)
    assert {d.comment_id for d in hides} == {held[1].pk, held[2].pk}
    assert {(d.rule_code, d.public_note) for d in hides} == {
        ("off_topic", "Both are about another consultation.")
    }
    assert "Done for 2 comments." in messages_of(response)


def test_an_action_without_a_rule_changes_nothing_and_keeps_what_was_typed(client, mona, held):
    client.force_login(mona)
    response = client.post(
        ACT,
        {"comments": [held[1].pk], "action": "approve", "public_note": "Keep this note"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "House rule" in html and 'role="alert"' in html
    assert "Keep this note" in html
    assert f'value="{held[1].pk}" id="tick-{held[1].pk}" checked' in html
    held[1].refresh_from_db()
    assert held[1].state == CommentState.HELD


def test_ticks_that_are_no_comment_ids_are_refused_as_a_bad_form(client, mona, held):
    client.force_login(mona)
    response = client.post(
        ACT,
        {"comments": ["²", "9" * 10_000, held[1].pk], "action": "approve", "rule": "spam"},
    )

    assert response.status_code == 400
    held[1].refresh_from_db()
    assert held[1].state == CommentState.HELD
    assert client.get(QUEUE, {"page": "²"}).status_code == 200


def test_approving_from_the_queue_shows_the_comments(client, mona, held):
    client.force_login(mona)
    client.post(ACT, {"comments": [held[1].pk, held[2].pk], "action": "approve", "rule": "spam"})
    states = set(Comment.objects.filter(pk__in=[held[1].pk, held[2].pk]).values_list("state"))
    assert states == {(CommentState.VISIBLE,)}


def test_a_moderators_own_comment_has_no_checkbox_and_is_refused(
    client, mona, premoderated, post_comment
):
    own = post_comment(premoderated, mona, "A moderator's own held comment.")
    client.force_login(mona)
    html = client.get(QUEUE).content.decode()
    assert f'id="tick-{own.pk}"' not in html and "another moderator must decide" in html
    response = client.post(ACT, {"comments": [own.pk], "action": "approve", "rule": "spam"})
    assert any("own comment" in message for message in messages_of(response))
    own.refresh_from_db()
    assert own.state == CommentState.HELD


def test_suspending_and_marking_a_campaign_from_the_queue(client, mona, held, alice, bob):
    client.force_login(mona)
    client.post(
        ACT,
        {"comments": [held[1].pk], "action": "suspend", "rule": "harassment", "suspend_days": 3},
    )
    suspension = Suspension.objects.get()
    assert suspension.user == bob
    assert timedelta(days=2, hours=23) < suspension.until - timezone.now() <= timedelta(days=3)
    client.post(ACT, {"comments": [held[1].pk, held[2].pk], "action": "campaign", "rule": "spam"})
    assert (
        len(set(Comment.objects.filter(pk__in=[held[1].pk, held[2].pk]).values_list("campaign")))
        == 1
    )


# --- One click beside each comment --------------------------------------------------------


def decide_url(comment) -> str:
    return reverse("moderation:decide", args=[comment.pk])


def item_html(html: str, comment) -> str:
    start = html.index(f'id="item-{comment.pk}"')
    return html[start : html.index("</article>", start)]


def test_each_item_is_approved_or_hidden_in_one_post(
    client, mona, held, consultation, alice, bob, post_comment
):
    reported = post_comment(consultation, alice, "Reported for being an advert.")
    flag_create(comment=reported, flagger=bob, rule_code="spam")
    client.force_login(mona)
    html = client.get(QUEUE, {"rule": ""}).content.decode()
    held_item, reported_item = item_html(html, held[1]), item_html(html, reported)
    assert 'name="action" value="approve"' in held_item and 'value="hide"' in held_item
    # A reported comment is still shown: keeping it shown dismisses the reports.
    assert 'value="dismiss"' in reported_item and 'value="approve"' not in reported_item
    # The reports' rule is chosen already; suspending waits behind "More actions".
    assert '<option value="spam" selected>' in reported_item
    assert '<details class="queue-item__more">' in held_item
    assert held_item.index("<details") < held_item.index('value="suspend"')
    assert f'id="decide-{held[1].pk}"' in html and 'name="csrfmiddlewaretoken"' in html

    approved = client.post(decide_url(held[1]), {"action": "approve", "rule": "spam"})
    hidden = client.post(
        decide_url(reported), {"action": "hide", "rule": "spam", "query": "rule=spam"}
    )

    assert approved.status_code == 302 and approved.url == QUEUE
    assert hidden.status_code == 302 and hidden.url == "/moderation/?rule=spam"
    held[1].refresh_from_db()
    reported.refresh_from_db()
    assert held[1].state == CommentState.VISIBLE
    assert reported.state == CommentState.HIDDEN
    assert ModerationDecision.objects.get(comment=reported, action=Action.HIDE).rule_code == "spam"
    assert Suspension.objects.count() == 0


def test_one_click_without_a_rule_changes_nothing_and_says_why(client, mona, held):
    client.force_login(mona)
    response = client.post(decide_url(held[1]), {"action": "hide", "rule": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose the house rule this decision applies." in html
    assert f'value="{held[1].pk}" id="tick-{held[1].pk}" checked' in html
    held[1].refresh_from_db()
    assert held[1].state == CommentState.HELD


def test_suspending_for_seven_days_in_one_post(client, mona, held, bob):
    client.force_login(mona)
    client.post(decide_url(held[1]), {"action": "suspend", "rule": "spam", "suspend_days": 7})
    suspension = Suspension.objects.get()
    assert suspension.user == bob
    assert timedelta(days=6, hours=23) < suspension.until - timezone.now() <= timedelta(days=7)


def test_one_click_refuses_what_the_bulk_action_refuses(
    client, alice, nick, mona, held, premoderated, post_comment
):
    for user in (None, alice, nick):
        if user:
            client.force_login(user)
        response = client.post(decide_url(held[1]), {"action": "approve", "rule": "spam"})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response.url or "2fa" in response.url
    own = post_comment(premoderated, mona, "A moderator's own held comment.")
    client.force_login(mona)
    assert f'id="decide-{own.pk}"' not in client.get(QUEUE).content.decode()
    response = client.post(decide_url(own), {"action": "approve", "rule": "spam"})
    assert any("own comment" in message for message in messages_of(response))
    for comment in (held[1], own):
        comment.refresh_from_db()
        assert comment.state == CommentState.HELD


def test_one_click_needs_the_csrf_token(mona, held):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(mona)
    response = csrf_client.post(decide_url(held[1]), {"action": "approve", "rule": "spam"})
    assert response.status_code == 403
    held[1].refresh_from_db()
    assert held[1].state == CommentState.HELD


def test_the_queue_runs_a_fixed_number_of_queries(
    client, mona, consultation, premoderated, alice, bob, post_comment
):
    root = post_comment(consultation, alice, "A root comment.")

    def add(count: int) -> None:
        for n in range(count):
            reply = post_comment(consultation, bob, f"Reported reply {n}.", parent=root)
            flag_create(comment=reply, flagger=alice, rule_code="spam")
            post_comment(premoderated, bob, f"Held comment {n}.")

    client.force_login(mona)
    client.get(QUEUE)
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    add(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert len(response.context["queue"].items) == 25
    assert len(many) == len(few)


# --- Appeals ----------------------------------------------------------------------------------


def test_the_original_moderator_never_sees_nor_decides_the_appeal(
    client, mona, max_, decision_and_appeal
):
    decision, appeal = decision_and_appeal
    decide = reverse("moderation:appeal_decide", kwargs={"pk": appeal.pk})
    client.force_login(mona)
    assert "It was not spam." not in client.get(APPEALS).content.decode()
    assert client.post(decide, {"outcome": "reversed", "reasons": "Mine."}).status_code == 404

    client.force_login(max_)
    assert "It was not spam." in client.get(APPEALS).content.decode()
    response = client.post(decide, {"outcome": "reversed", "reasons": "It is on topic."})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.reviewer) == (AppealOutcome.REVERSED, max_)
    decision.comment.refresh_from_db()
    assert decision.comment.state == CommentState.VISIBLE


def test_an_appeal_decision_without_reasons_keeps_the_choice(client, max_, decision_and_appeal):
    _decision, appeal = decision_and_appeal
    client.force_login(max_)
    response = client.post(
        reverse("moderation:appeal_decide", kwargs={"pk": appeal.pk}), {"outcome": "upheld"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and 'value="upheld"' in html
    assert 'value="upheld" id="id_outcome_0" required checked' in html
    assert Appeal.objects.get().outcome == AppealOutcome.PENDING


def test_the_appeals_page_runs_a_fixed_number_of_queries(
    client, consultation, alice, mona, max_, post_comment
):
    def appeal_one(n: int) -> None:
        comment = post_comment(consultation, alice, f"Comment {n} to hide.")
        decision = comment_hide(comment=comment, moderator=mona, rule_code="spam")
        appeal_file(decision=decision, appellant=alice, statement=f"Appeal {n}.")

    client.force_login(max_)
    appeal_one(0)
    client.get(APPEALS)  # warm the caches as production has them
    with CaptureQueriesContext(connection) as one:
        assert client.get(APPEALS).status_code == 200
    for n in range(1, 6):
        appeal_one(n)
    with CaptureQueriesContext(connection) as six:
        response = client.get(APPEALS)
    assert len(response.context["rows"]) == 6
    assert len(six) == len(one)


def test_the_queue_reads_the_moderators_groups_once_whatever_the_restricted_consultations(
    client, mona, consultation, alice, post_comment, make_consultation
):
    """The read gate asks about every group-restricted consultation; the moderator's groups
    are read once for all of them (Wagtail's own check reads them again for each)."""
    editors = Group.objects.get(name="Editors")

    def restrict(count: int) -> None:
        for _ in range(count):
            page = make_consultation(f"Restricted pilot {PageViewRestriction.objects.count()}")
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(editors)

    post_comment(consultation, alice, "A comment in the open consultation.")
    restrict(1)
    client.force_login(mona)
    client.get(QUEUE)
    with CaptureQueriesContext(connection) as one:
        assert client.get(QUEUE).status_code == 200
    restrict(4)
    client.get(QUEUE)  # the site's menus, cached again after the new pages
    with CaptureQueriesContext(connection) as five:
        assert client.get(QUEUE).status_code == 200
    assert PageViewRestriction.objects.count() == 5
    assert len(five) == len(one)
