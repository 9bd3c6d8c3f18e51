"""The steps every moderation decision shares: the checks of a rule and a note, the
decision row with its audit entry, the comment read under lock, and the changes of a
comment's state or a thread's lock, each telling the live streams."""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import (
    Action,
    AuditActor,
    AuditEntry,
    Flag,
    FlagOutcome,
    ModerationDecision,
    RuleCode,
    Trigger,
)
from consult.moderation.services.notices import notify_author, notify_simple
from consult.realtime import publish


@dataclass(frozen=True)
class Screening:
    """Why the automated pre-screen held a comment: the check, its settings' version, and
    the house rule it stands for."""

    check: str
    version: int
    rule_code: str


def check_rule(rule_code: str) -> None:
    if rule_code not in RuleCode.values:
        refuse(_("Choose the house rule this decision applies."))


def check_note(public_note: str) -> str:
    note = (public_note or "").strip()
    if len(note) > 2000:
        refuse(_("The public note can be at most 2,000 characters long."))
    return note


def audit(decision: ModerationDecision | None, *, actor: User | None = None, **fields):
    """The audit entry of a decision (or of a step without one, given as fields)."""
    if decision is not None:
        if decision.automated:
            label = f"prescreen:{decision.screen_check} v{decision.screen_version}"
        elif decision.trigger == Trigger.PREMODERATION and decision.moderator_id is None:
            label = "premoderation"
        else:
            label = "moderator"
        comment_target = decision.comment_id is not None
        values = {
            "automated": decision.automated,
            "actor_label": label,
            "action": decision.action,
            "target_kind": "comment" if comment_target else "participant",
            "target_id": decision.comment_id if comment_target else decision.subject_id,
            "consultation_id": decision.consultation_id,
            "decision_id": decision.pk,
            "rule_code": decision.rule_code,
            "before": {"state": decision.state_before},
            "after": {"state": decision.state_after},
        }
        values.update(fields)
    else:
        values = {"actor_label": "moderator" if actor else "participant", **fields}
    entry = AuditEntry.objects.create(**values)
    if actor is not None:
        AuditActor.objects.create(entry=entry, user=actor)
    return entry


def decide(
    *,
    consultation_id: int,
    action: str,
    rule_code: str,
    trigger: str,
    state_before: str,
    state_after: str,
    comment: Comment | None = None,
    subject: User | None = None,
    moderator: User | None = None,
    public_note: str = "",
    screening: Screening | None = None,
    screen_check: str = "",
    screen_version: int | None = None,
    suspended_until: datetime | None = None,
) -> ModerationDecision:
    decision = ModerationDecision.objects.create(
        consultation_id=consultation_id,
        comment=comment,
        subject=subject,
        action=action,
        rule_code=rule_code,
        trigger=trigger,
        automated=screening is not None,
        screen_check=screening.check if screening else screen_check,
        screen_version=screening.version if screening else screen_version,
        moderator=moderator,
        public_note=public_note,
        state_before=state_before,
        state_after=state_after,
        suspended_until=suspended_until,
    )
    audit(decision, actor=moderator)
    return decision


def read_locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .get(pk=comment.pk)
    )


def last_hold(comment: Comment) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.filter(comment=comment, action=Action.HOLD)
        .order_by("-created_at", "-pk")
        .first()
    )


# What readers' live streams are told of a change, where it is not the decision's own kind:
# a locked thread's comment is re-rendered (without its reply button).
_PUBLIC_KINDS = {"locked": "edited", "unlocked": "edited"}


def changed(comment: Comment, *, kind: str, public: bool = True) -> None:
    if public:
        publish.comment_changed(comment, kind=_PUBLIC_KINDS.get(kind, kind))
    publish.moderation_changed(
        kind=kind, consultation_id=comment.consultation_id, comment_id=comment.pk
    )


def hold(comment: Comment, *, screening: Screening | None) -> ModerationDecision:
    before = comment.state
    comment.state = CommentState.HELD
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.HELD)
    decision = decide(
        consultation_id=comment.consultation_id,
        comment=comment,
        action=Action.HOLD,
        rule_code=screening.rule_code if screening else "",
        trigger=Trigger.PRESCREEN if screening else Trigger.PREMODERATION,
        screening=screening,
        state_before=before,
        state_after=CommentState.HELD,
    )
    notify_author(decision, comment.author)
    changed(comment, kind="held", public=before == CommentState.VISIBLE)
    return decision


# What a moderator's decision on one comment makes of it, and the live streams' kind of change.
STATE_CHANGES = {
    Action.APPROVE: (CommentState.VISIBLE, "approved"),
    Action.HIDE: (CommentState.HIDDEN, "hidden"),
    Action.RESTORE: (CommentState.VISIBLE, "restored"),
}


def state_change(
    comment: Comment,
    action: str,
    *,
    moderator: User,
    rule_code: str,
    note: str,
    trigger: str,
    **origin,
) -> ModerationDecision:
    """A moderator's decision (approve, hide, restore) on `comment`, read under lock, and
    the state it moves it to. `origin`: what else set it off (decide's screen_check and
    screen_version)."""
    state, kind = STATE_CHANGES[action]
    decision = decide(
        consultation_id=comment.consultation_id,
        comment=comment,
        action=action,
        rule_code=rule_code,
        trigger=trigger,
        moderator=moderator,
        public_note=note,
        state_before=comment.state,
        state_after=state,
        **origin,
    )
    comment.state = state
    comment.save(update_fields=["state"])
    changed(comment, kind=kind)
    return decision


def lock_change(
    root: Comment,
    *,
    locked: bool,
    moderator: User,
    rule_code: str,
    note: str,
    trigger: str = Trigger.MODERATOR,
) -> ModerationDecision:
    """Lock the thread of `root` (read under lock) against new replies, telling its author,
    or unlock it."""
    opened, closed = "open", "locked"
    decision = decide(
        consultation_id=root.consultation_id,
        comment=root,
        action=Action.LOCK if locked else Action.UNLOCK,
        rule_code=rule_code,
        trigger=trigger,
        moderator=moderator,
        public_note=note,
        state_before=opened if locked else closed,
        state_after=closed if locked else opened,
    )
    value = timezone.now() if locked else None
    # Replies carry the lock too, so "may I reply here?" is answered from the comment in
    # hand, without reading its thread's root.
    root.locked_at = value
    Comment.objects.filter(pk=root.pk).update(locked_at=value)
    Comment.objects.filter(thread=root).update(locked_at=value)
    if locked:
        notify_author(decision, root.author)
    changed(root, kind="locked" if locked else "unlocked")
    return decision


def resolve_flags(comment: Comment, *, outcome: str, decision=None) -> int:
    """Close the comment's pending flags and tell each flagger the outcome."""
    pending = list(
        Flag.objects.filter(comment=comment, outcome=FlagOutcome.PENDING).select_related(
            "flagger__profile"
        )
    )
    if not pending:
        return 0
    Flag.objects.filter(pk__in=[flag.pk for flag in pending]).update(
        outcome=outcome, decision=decision, resolved_at=timezone.now()
    )
    url = reverse("discussion_comment", kwargs={"pk": comment.pk})
    for flag in pending:
        if outcome == FlagOutcome.ACTIONED:
            body = lambda: _(  # noqa: E731
                "Thank you. A moderator reviewed the comment you reported and acted on it."
            )
        else:
            body = lambda: _(  # noqa: E731
                "Thank you. A moderator reviewed the comment you reported and found that it "
                "does not break the house rules, so it stays."
            )
        notify_simple(
            flag.flagger,
            kind=f"flag_{outcome}",
            subject=lambda: _("The outcome of your report"),
            body=body,
            url=url,
        )
    return len(pending)
