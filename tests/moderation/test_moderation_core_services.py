"""The moderation services: every decision is permitted, recorded, audited and told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import can_moderate
from consult.consultations.models import ModerationMode
from consult.consultations.permissions import is_suspended
from consult.core.errors import NotAllowed
from consult.discussion import services as discussion
from consult.discussion.models import CommentState
from consult.moderation.models import (
    Action,
    AppealOutcome,
    AuditActor,
    AuditEntry,
    FlagOutcome,
    ModerationDecision,
    RuleCode,
    Trigger,
)
from consult.moderation.services.appeals import appeal_decide, appeal_file
from consult.moderation.services.campaigns import campaign_mark, comment_hold_automated
from consult.moderation.services.comments import comment_approve, comment_hide, comment_restore
from consult.moderation.services.decisions import Screening
from consult.moderation.services.flags import flag_create, flags_dismiss
from consult.moderation.services.locks import thread_lock, thread_unlock
from consult.moderation.services.suspensions import participant_suspend
from consult.notifications.models import Notification

pytestmark = pytest.mark.django_db


def notices(user, kind=None):
    rows = Notification.objects.filter(user=user)
    return list(rows.filter(kind=kind) if kind else rows)


# --- Permissions --------------------------------------------------------------------------


def test_only_moderators_with_mfa_may_moderate(alice, mona, nick, django_user_model):
    assert can_moderate(mona)
    assert not can_moderate(nick)
    assert not can_moderate(alice)
    boss = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    assert not can_moderate(boss)  # no second factor yet


def test_a_moderator_without_mfa_or_a_participant_is_refused(
    consultation, alice, bob, nick, post_comment
):
    comment = post_comment(consultation, alice)
    for user in (bob, nick):
        with pytest.raises(NotAllowed, match="two-factor"):
            comment_hide(comment=comment, moderator=user, rule_code=RuleCode.SPAM)
    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE
    assert not ModerationDecision.objects.exists()


def test_a_moderator_cannot_act_on_their_own_comment(consultation, mona, max_, post_comment):
    own = post_comment(consultation, mona, "I moderate and I have views.")
    with pytest.raises(NotAllowed, match="own comment"):
        comment_hide(comment=own, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    with pytest.raises(NotAllowed, match="own comment"):
        thread_lock(comment=own, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    comment_hide(comment=own, moderator=max_, rule_code=RuleCode.OFF_TOPIC)
    own.refresh_from_db()
    assert own.state == CommentState.HIDDEN


# --- Flags and hiding ---------------------------------------------------------------------


def test_flag_then_hide_records_the_decision_audits_it_and_tells_everyone(
    consultation, alice, bob, mona, post_comment, django_capture_on_commit_callbacks
):
    comment = post_comment(consultation, alice, "Buy cheap watches at example.com")
    flag = flag_create(comment=comment, flagger=bob, rule_code=RuleCode.SPAM, note="ad")
    with pytest.raises(NotAllowed, match="already reported"):
        flag_create(comment=comment, flagger=bob, rule_code=RuleCode.SPAM)
    with pytest.raises(NotAllowed, match="your own"):
        flag_create(comment=comment, flagger=alice, rule_code=RuleCode.SPAM)

    with django_capture_on_commit_callbacks(execute=True):
        decision = comment_hide(
            comment=comment, moderator=mona, rule_code=RuleCode.SPAM, public_note="An advert."
        )

    comment.refresh_from_db()
    assert comment.state == CommentState.HIDDEN
    assert (decision.action, decision.rule_code, decision.trigger) == (
        Action.HIDE,
        RuleCode.SPAM,
        Trigger.FLAG,
    )
    assert not decision.automated and decision.moderator == mona
    assert (decision.state_before, decision.state_after) == ("visible", "hidden")
    entry = AuditEntry.objects.get(decision_id=decision.pk)
    assert (entry.actor_label, entry.action, entry.target_kind, entry.target_id) == (
        "moderator",
        "hide",
        "comment",
        comment.pk,
    )
    assert entry.before == {"state": "visible"} and entry.after == {"state": "hidden"}
    assert entry.actor.user == mona

    flag.refresh_from_db()
    assert flag.outcome == FlagOutcome.ACTIONED and flag.decision == decision
    (told,) = notices(bob)
    assert "acted on it" in told.body
    (author_notice,) = notices(alice, "moderation_hide")
    assert "Spam" in author_notice.body and "An advert." in author_notice.body
    assert author_notice.url == reverse("moderation:appeal", kwargs={"decision_id": decision.pk})
    mailed = {message.to[0]: message for message in mail.outbox}
    assert set(mailed) == {"alice@example.org", "bob@example.org"}
    assert author_notice.url in mailed["alice@example.org"].body


def test_dismissing_flags_keeps_the_comment_and_tells_the_flaggers(
    consultation, alice, bob, mona, post_comment
):
    comment = post_comment(consultation, alice, "I disagree strongly with this plan.")
    flag_create(comment=comment, flagger=bob, rule_code=RuleCode.HARASSMENT)
    assert flags_dismiss(comment=comment, moderator=mona) == 1
    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE
    assert comment.flags.get().outcome == FlagOutcome.DISMISSED
    assert "does not break" in notices(bob)[0].body
    entry = AuditEntry.objects.get(action="flags_dismiss")
    assert entry.actor.user == mona and entry.target_id == comment.pk
    assert flags_dismiss(comment=comment, moderator=mona) == 0


def test_hide_needs_a_known_rule_and_restore_brings_it_back(
    consultation, alice, mona, post_comment
):
    comment = post_comment(consultation, alice)
    with pytest.raises(NotAllowed, match="house rule"):
        comment_hide(comment=comment, moderator=mona, rule_code="because")
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    with pytest.raises(NotAllowed):
        comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.OFF_TOPIC)
    decision = comment_restore(
        comment=comment, moderator=mona, rule_code=RuleCode.OFF_TOPIC, public_note="On reflection"
    )
    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE
    assert decision.action == Action.RESTORE and decision.state_before == "hidden"


# --- Pre-moderation -------------------------------------------------------------------------


def test_pre_moderation_holds_every_new_comment_until_approved(
    make_consultation, alice, bob, mona, post_comment
):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)
    comment = post_comment(consultation, alice, "My first comment.")
    assert comment.state == CommentState.HELD
    hold = ModerationDecision.objects.get(comment=comment)
    assert (hold.action, hold.trigger, hold.rule_code, hold.automated) == (
        Action.HOLD,
        Trigger.PREMODERATION,
        "",
        False,
    )
    assert hold.moderator is None
    assert AuditEntry.objects.get(decision_id=hold.pk).actor_label == "premoderation"
    (waiting,) = notices(alice)
    assert "pre-moderated" in waiting.body

    with pytest.raises(NotAllowed):
        comment_approve(comment=comment, moderator=bob)
    decision = comment_approve(comment=comment, moderator=mona)
    comment.refresh_from_db()
    assert comment.state == CommentState.VISIBLE
    assert decision.trigger == Trigger.PREMODERATION and decision.moderator == mona
    with pytest.raises(NotAllowed, match="waiting for review"):
        comment_approve(comment=comment, moderator=mona)


# --- Automation only holds ------------------------------------------------------------------


def test_the_database_refuses_an_automated_decision_that_is_not_a_hold(
    consultation, alice, post_comment
):
    comment = post_comment(consultation, alice)
    for action in (Action.HIDE, Action.LOCK, Action.SUSPEND, Action.APPROVE):
        with pytest.raises(IntegrityError), transaction.atomic():
            ModerationDecision.objects.create(
                consultation=consultation,
                comment=comment,
                action=action,
                rule_code=RuleCode.SPAM,
                trigger=Trigger.PRESCREEN,
                automated=True,
            )


def test_an_automated_hold_is_labelled_with_its_check_and_version(
    consultation, alice, post_comment
):
    comment = post_comment(consultation, alice)
    screening = Screening(check="terms", version=3, rule_code=RuleCode.HATE_SPEECH)
    decision = comment_hold_automated(comment=comment, screening=screening)
    comment.refresh_from_db()
    assert comment.state == CommentState.HELD
    assert decision.automated and decision.moderator is None
    assert (decision.screen_check, decision.screen_version) == ("terms", 3)
    entry = AuditEntry.objects.get(decision_id=decision.pk)
    assert entry.automated and entry.actor_label == "prescreen:terms v3"
    assert not AuditActor.objects.filter(entry=entry).exists()
    assert "automated check (terms, version 3)" in notices(alice)[0].body


# --- Locks ----------------------------------------------------------------------------------


def test_a_locked_thread_refuses_replies_until_unlocked(
    consultation, alice, bob, mona, post_comment
):
    root = post_comment(consultation, alice, "Top-level.")
    reply = post_comment(consultation, bob, "A reply.", parent=root)
    thread_lock(comment=reply, moderator=mona, rule_code=RuleCode.HARASSMENT)
    root.refresh_from_db()
    reply.refresh_from_db()
    assert root.locked_at and reply.locked_at
    for parent in (root, reply):
        with pytest.raises(NotAllowed, match="locked"):
            post_comment(consultation, bob, "More.", parent=parent)
    assert ModerationDecision.objects.get(action=Action.LOCK).comment == root
    assert notices(alice, "moderation_lock")

    thread_unlock(comment=root, moderator=mona, rule_code=RuleCode.HARASSMENT)
    reply.refresh_from_db()
    assert post_comment(consultation, bob, "More.", parent=reply).state == CommentState.VISIBLE


# --- Suspensions ----------------------------------------------------------------------------


def test_a_suspended_participant_cannot_write_anywhere(
    consultation, make_consultation, alice, mona, post_comment
):
    until = timezone.now() + timedelta(days=7)
    decision = participant_suspend(
        user=alice,
        consultation=consultation,
        moderator=mona,
        rule_code=RuleCode.HARASSMENT,
        until=until,
    )
    assert decision.subject == alice and decision.suspended_until == until
    other = make_consultation("Another consultation")
    for where in (consultation, other):
        with pytest.raises(NotAllowed, match="suspended"):
            post_comment(where, alice)
        with pytest.raises(NotAllowed, match="suspended"):
            discussion.position_set(consultation=where, user=alice, stance="support")
    (notice,) = notices(alice, "moderation_suspend")
    assert "Suspended until" in notice.body
    with pytest.raises(NotAllowed, match="yourself"):
        participant_suspend(
            user=mona, consultation=consultation, moderator=mona, rule_code="spam", until=until
        )


def test_a_suspended_participant_reads_why_on_the_page_and_their_post_is_refused(
    client, consultation, alice, mona
):
    participant_suspend(
        user=alice,
        consultation=consultation,
        moderator=mona,
        rule_code=RuleCode.HARASSMENT,
        until=timezone.now() + timedelta(days=2),
    )
    client.force_login(alice)
    page = client.get(consultation.url).content.decode()
    assert "suspended you from taking part" in page and 'name="body"' not in page
    response = client.post(
        reverse("discussion_comment_compose", kwargs={"page_id": consultation.pk}),
        {"body": "Let me in.", "display_mode": "named"},
    )
    assert response.status_code in (400, 403)
    assert "suspended you from taking part" in response.content.decode()
    assert not consultation.comments.exists()


def test_a_suspension_ends_on_its_date(consultation, alice, mona, post_comment):
    decision = participant_suspend(
        user=alice,
        consultation=consultation,
        moderator=mona,
        rule_code=RuleCode.SPAM,
        until=timezone.now() + timedelta(hours=1),
    )
    decision.suspension.__class__.objects.filter(pk=decision.suspension.pk).update(
        until=timezone.now() - timedelta(seconds=1)
    )
    alice = type(alice).objects.get(pk=alice.pk)
    assert post_comment(consultation, alice).state == CommentState.VISIBLE


# --- Appeals --------------------------------------------------------------------------------


def test_an_appeal_goes_to_another_moderator_and_reversal_restores(
    consultation, alice, bob, mona, max_, post_comment
):
    comment = post_comment(consultation, alice, "Hidden by mistake.")
    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)

    with pytest.raises(NotAllowed, match="Only the person"):
        appeal_file(decision=decision, appellant=bob, statement="Not mine, but unfair")
    with pytest.raises(NotAllowed, match="why"):
        appeal_file(decision=decision, appellant=alice, statement="  ")
    appeal = appeal_file(decision=decision, appellant=alice, statement="It is on topic.")
    with pytest.raises(NotAllowed, match="already"):
        appeal_file(decision=decision, appellant=alice, statement="Again.")

    with pytest.raises(NotAllowed, match="another moderator"):
        appeal_decide(appeal=appeal, reviewer=mona, outcome="reversed", reasons="Fine.")
    with pytest.raises(NotAllowed, match="reasons"):
        appeal_decide(appeal=appeal, reviewer=max_, outcome="reversed", reasons="")
    appeal_decide(
        appeal=appeal, reviewer=max_, outcome=AppealOutcome.REVERSED, reasons="It is on topic."
    )

    appeal.refresh_from_db()
    comment.refresh_from_db()
    assert appeal.outcome == AppealOutcome.REVERSED and appeal.reviewer == max_
    assert comment.state == CommentState.VISIBLE
    restored = ModerationDecision.objects.get(action=Action.RESTORE)
    assert restored.trigger == Trigger.APPEAL and restored.moderator == max_
    assert "Decision reversed" in notices(alice, "appeal_reversed")[0].body
    with pytest.raises(NotAllowed, match="already been decided"):
        appeal_decide(appeal=appeal, reviewer=max_, outcome="upheld", reasons="x")


def test_an_appeal_is_refused_after_fourteen_days(consultation, alice, mona, post_comment):
    comment = post_comment(consultation, alice)
    decision = comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    ModerationDecision.objects.filter(pk=decision.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    decision.refresh_from_db()
    with pytest.raises(NotAllowed, match="14 days"):
        appeal_file(decision=decision, appellant=alice, statement="Late.")


def test_reversing_a_suspension_lifts_it(consultation, alice, mona, max_, post_comment):
    decision = participant_suspend(
        user=alice,
        consultation=consultation,
        moderator=mona,
        rule_code=RuleCode.HARASSMENT,
        until=timezone.now() + timedelta(days=30),
    )
    appeal = appeal_file(decision=decision, appellant=alice, statement="Wrong person.")
    appeal_decide(appeal=appeal, reviewer=max_, outcome="reversed", reasons="Agreed.")
    alice = type(alice).objects.get(pk=alice.pk)
    assert not is_suspended(alice)
    assert post_comment(consultation, alice).state == CommentState.VISIBLE


# --- Campaigns ------------------------------------------------------------------------------


def test_a_moderator_marks_a_campaign_that_stays_visible(
    consultation, alice, bob, mona, post_comment
):
    comments = [post_comment(consultation, user, "Stop the cameras now!") for user in (alice, bob)]
    with pytest.raises(NotAllowed, match="at least two"):
        campaign_mark(comments=comments[:1], moderator=mona, rule_code=RuleCode.SPAM)
    campaign = campaign_mark(comments=comments, moderator=mona, rule_code=RuleCode.SPAM)
    for comment in comments:
        comment.refresh_from_db()
        assert comment.campaign == campaign and comment.state == CommentState.VISIBLE
    assert not campaign.automated
    assert ModerationDecision.objects.filter(action=Action.CAMPAIGN).count() == 2


# --- The audit log is append-only -------------------------------------------------------------


def test_the_audit_log_cannot_be_changed_through_the_orm(consultation, alice, mona, post_comment):
    comment = post_comment(consultation, alice)
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    entry = AuditEntry.objects.get()
    entry.action = "approve"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.update(action="approve")
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == "hide"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_raw_updates_and_deletes_of_the_audit_log(
    consultation, alice, mona, post_comment
):
    comment = post_comment(consultation, alice)
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    for sql in (
        "UPDATE moderation_auditentry SET action = 'approve'",
        "DELETE FROM moderation_auditentry",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.get().action == "hide"
