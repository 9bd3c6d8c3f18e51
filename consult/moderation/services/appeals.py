"""Appeals: the person a decision concerns asks another moderator to review it."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import CommentState
from consult.moderation import permissions
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    ModerationDecision,
    Suspension,
    Trigger,
)
from consult.moderation.services.decisions import (
    audit,
    decide,
    lock_change,
    read_locked,
    state_change,
)
from consult.moderation.services.notices import APPEAL_WINDOW, appeal_url, notify_simple
from consult.realtime import publish


def _concerned(decision: ModerationDecision) -> int | None:
    """The id of the person a decision is about: the comment's author, or the suspended."""
    if decision.subject_id:
        return decision.subject_id
    return decision.comment.author_id if decision.comment_id else None


def appeal_refusal(decision: ModerationDecision, user) -> str | None:
    """Why `user` may not appeal `decision` (for the appeal page and the service)."""
    if not user.is_authenticated or _concerned(decision) != user.pk:
        return _("Only the person a decision concerns can appeal it.")
    if decision.action not in (Action.HOLD, Action.HIDE, Action.LOCK, Action.SUSPEND):
        return _("Only a decision that hid, held, locked or suspended can be appealed.")
    if Appeal.objects.filter(decision=decision).exists():
        return _("This decision has already been appealed.")
    if timezone.now() > decision.created_at + APPEAL_WINDOW:
        return _(
            "Appeals can be made within %(days)d days of a decision; that time has passed."
        ) % {"days": APPEAL_WINDOW.days}
    return None


def appeal_file(*, decision: ModerationDecision, appellant: User, statement: str) -> Appeal:
    """The person a decision concerns asks another moderator to review it."""
    refuse_if(appeal_refusal(decision, appellant))
    statement = (statement or "").strip()
    if not statement:
        refuse(_("Say why you think the decision is wrong."))
    if len(statement) > 4000:
        refuse(_("Your statement can be at most 4,000 characters long."))
    with transaction.atomic():
        ModerationDecision.objects.select_for_update().filter(pk=decision.pk).get()
        refuse_if(appeal_refusal(decision, appellant))
        appeal = Appeal.objects.create(decision=decision, appellant=appellant, statement=statement)
        audit(
            None,
            action="appeal_file",
            target_kind="decision",
            target_id=decision.pk,
            consultation_id=decision.consultation_id,
            decision_id=decision.pk,
            rule_code=decision.rule_code,
            before={"appeal": None},
            after={"appeal": AppealOutcome.PENDING},
        )
        publish.moderation_changed(
            kind="appealed",
            consultation_id=decision.consultation_id,
            comment_id=decision.comment_id,
        )
    return appeal


def _reverse(
    decision: ModerationDecision, *, reviewer: User, note: str
) -> ModerationDecision | None:
    """Undo what `decision` did, as a new decision triggered by the appeal; None when the
    state has already moved on (a later decision restored it)."""
    trigger = Trigger.APPEAL
    if decision.action == Action.SUSPEND:
        updated = Suspension.objects.filter(decision=decision, until__gt=timezone.now()).update(
            until=timezone.now()
        )
        if not updated:
            return None
        return decide(
            consultation_id=decision.consultation_id,
            subject=decision.subject,
            action=Action.RESTORE,
            rule_code=decision.rule_code,
            trigger=trigger,
            moderator=reviewer,
            public_note=note,
            state_before="suspended",
            state_after="active",
        )
    comment = read_locked(decision.comment)
    if decision.action == Action.LOCK:
        if not comment.locked_at:
            return None
        return lock_change(
            comment,
            locked=False,
            moderator=reviewer,
            rule_code=decision.rule_code,
            note=note,
            trigger=trigger,
        )
    if comment.state not in (CommentState.HIDDEN, CommentState.HELD):
        return None
    return state_change(
        comment,
        Action.RESTORE,
        moderator=reviewer,
        rule_code=decision.rule_code,
        note=note,
        trigger=trigger,
    )


def appeal_decide(*, appeal: Appeal, reviewer: User, outcome: str, reasons: str) -> Appeal:
    """Another moderator upholds or reverses the decision, with reasons; reversing restores
    the content (or lifts the suspension, or unlocks the thread) as a new decision."""
    refuse_if(permissions.appeal_review_refusal(reviewer, appeal))
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.REVERSED):
        refuse(_("Choose whether the decision is upheld or reversed."))
    reasons = (reasons or "").strip()
    if not reasons:
        refuse(_("Give the reasons for the outcome; the appellant will read them."))
    if len(reasons) > 4000:
        refuse(_("The reasons can be at most 4,000 characters long."))
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("decision__comment", "appellant__profile")
            .get(pk=appeal.pk)
        )
        refuse_if(permissions.appeal_review_refusal(reviewer, appeal))
        if appeal.outcome != AppealOutcome.PENDING:
            refuse(_("This appeal has already been decided."))
        decision = appeal.decision
        appeal.outcome = outcome
        appeal.reviewer = reviewer
        appeal.reasons = reasons
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["outcome", "reviewer", "reasons", "decided_at"])
        new_decision = None
        if outcome == AppealOutcome.REVERSED:
            new_decision = _reverse(decision, reviewer=reviewer, note=reasons)
        audit(
            None,
            actor=reviewer,
            action="appeal_decide",
            target_kind="decision",
            target_id=decision.pk,
            consultation_id=decision.consultation_id,
            decision_id=decision.pk,
            rule_code=decision.rule_code,
            before={"appeal": AppealOutcome.PENDING},
            after={
                "appeal": outcome,
                "new_decision": new_decision.pk if new_decision else None,
            },
        )
        notify_simple(
            appeal.appellant,
            kind=f"appeal_{outcome}",
            subject=lambda: _("The outcome of your appeal"),
            body=lambda: "\n\n".join(
                [
                    _("A moderator who did not take the decision reviewed your appeal."),
                    _("Outcome: %(outcome)s") % {"outcome": AppealOutcome(outcome).label},
                    _("Reasons: %(reasons)s") % {"reasons": reasons},
                ]
            ),
            url=appeal_url(decision),
        )
        publish.moderation_changed(
            kind="appeal_decided",
            consultation_id=decision.consultation_id,
            comment_id=decision.comment_id,
        )
    return appeal
