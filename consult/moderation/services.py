"""Every moderation decision: one function per state change.

Each checks its named permission (consult.moderation.permissions), validates, and writes in
one transaction the state change, its ModerationDecision (with what the public statement of
reasons needs: rule, trigger, automated or not, the check and version that fired, the public
note) and its AuditEntry (+ AuditActor naming the human). Then it replaces the discussion's
cached pages when the public page changes, tells the people concerned, and publishes the
change to the live streams (after commit). Refusals raise
consult.core.errors.NotAllowed with a message the person can act on.

Automation only ever holds: the database refuses an automated decision of any other kind.
A pre-moderation hold cites no rule (nothing was breached; `rule_code` is empty and the
trigger is PREMODERATION).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.consultations.models import ConsultationPage, ModerationMode
from consult.core.errors import NotAllowed
from consult.discussion.models import Comment, CommentState
from consult.moderation import permissions
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    AuditActor,
    AuditEntry,
    Campaign,
    Flag,
    FlagOutcome,
    ModerationDecision,
    RuleCode,
    Suspension,
    Trigger,
)
from consult.moderation.reasons import rule_texts
from consult.notifications.services import in_language_of, notify
from consult.realtime import publish

APPEAL_WINDOW = timedelta(days=14)


def _refuse(message) -> None:
    raise NotAllowed(str(message))


def _refuse_if(refusal: str | None) -> None:
    if refusal is not None:
        _refuse(refusal)


def _check_rule(rule_code: str) -> None:
    if rule_code not in RuleCode.values:
        _refuse(_("Choose the house rule this decision applies."))


def _check_note(public_note: str) -> str:
    note = (public_note or "").strip()
    if len(note) > 2000:
        _refuse(_("The public note can be at most 2,000 characters long."))
    return note


@dataclass(frozen=True)
class Screening:
    """Why the automated pre-screen held a comment: the check, its settings' version, and
    the house rule it stands for."""

    check: str
    version: int
    rule_code: str


def _audit(decision: ModerationDecision | None, *, actor: User | None = None, **fields):
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


def _decide(
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
    _audit(decision, actor=moderator)
    return decision


def _locked(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .get(pk=comment.pk)
    )


def _last_hold(comment: Comment) -> ModerationDecision | None:
    return (
        ModerationDecision.objects.filter(comment=comment, action=Action.HOLD)
        .order_by("-created_at", "-pk")
        .first()
    )


# --- Notices ----------------------------------------------------------------------------


def appeal_url(decision: ModerationDecision) -> str:
    return reverse("moderation:appeal", kwargs={"decision_id": decision.pk})


def _rule_sentence(decision: ModerationDecision) -> str:
    rule = rule_texts()[decision.rule_code]
    return f"{rule.title}: {rule.explanation}" if rule.explanation else rule.title


def _why(decision: ModerationDecision) -> str:
    if decision.trigger == Trigger.PREMODERATION and not decision.rule_code:
        return _(
            "This consultation is pre-moderated: a moderator reads every comment before it "
            "is shown. Nothing you wrote was found to break a rule."
        )
    lines = [_("The house rule: %(rule)s") % {"rule": _rule_sentence(decision)}]
    if decision.automated:
        lines.append(
            _(
                "This was decided by an automated check (%(check)s, version %(version)s), "
                "which can only hold a comment until a person reviews it."
            )
            % {"check": decision.screen_check, "version": decision.screen_version}
        )
    if decision.public_note:
        lines.append(_("The moderator's note: %(note)s") % {"note": decision.public_note})
    return "\n\n".join(lines)


_AUTHOR_NOTICES = {
    Action.HOLD: (
        lambda: _("Your comment is waiting for review"),
        lambda: _("Your comment will be shown once a moderator has reviewed it."),
    ),
    Action.HIDE: (
        lambda: _("Your comment was hidden"),
        lambda: _("A moderator hid your comment; the page shows which rule it broke."),
    ),
    Action.LOCK: (
        lambda: _("A thread you started was locked"),
        lambda: _("No one can reply to your comment any more."),
    ),
    Action.SUSPEND: (
        lambda: _("You are suspended from taking part"),
        lambda: _("You cannot post, react or answer until the date below."),
    ),
}


def _notify_author(decision: ModerationDecision, user: User | None) -> None:
    """Tell whoever a visibility-reducing decision concerns which rule, why, and how to
    appeal."""
    if user is None:
        return
    with in_language_of(user):
        subject, lead = (text() for text in _AUTHOR_NOTICES[decision.action])
        parts = [lead]
        if decision.suspended_until:
            parts.append(
                _("Suspended until: %(date)s")
                % {"date": timezone.localtime(decision.suspended_until).strftime("%Y-%m-%d %H:%M")}
            )
        parts.append(_why(decision))
        parts.append(
            _("If you think this is wrong, you can appeal within %(days)d days:")
            % {"days": APPEAL_WINDOW.days}
        )
        notify(
            user=user,
            kind=f"moderation_{decision.action}",
            subject=subject,
            body="\n\n".join(parts),
            url=appeal_url(decision),
        )


def _notify_simple(user: User | None, *, kind: str, subject, body, url: str = "") -> None:
    """A notice whose words are given as callables, run in the recipient's language."""
    if user is None:
        return
    with in_language_of(user):
        notify(user=user, kind=kind, subject=subject(), body=body(), url=url)


def _resolve_flags(comment: Comment, *, outcome: str, decision=None) -> int:
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
        _notify_simple(
            flag.flagger,
            kind=f"flag_{outcome}",
            subject=lambda: _("The outcome of your report"),
            body=body,
            url=url,
        )
    return len(pending)


# What readers' live streams are told of a change, where it is not the decision's own kind:
# a locked thread's comment is re-rendered (without its reply button).
_PUBLIC_KINDS = {"locked": "edited", "unlocked": "edited"}


def _changed(comment: Comment, *, kind: str, public: bool = True) -> None:
    if public:
        publish.comment_changed(comment, kind=_PUBLIC_KINDS.get(kind, kind))
    publish.moderation_changed(
        kind=kind, consultation_id=comment.consultation_id, comment_id=comment.pk
    )


# --- Flags ------------------------------------------------------------------------------


def flag_create(*, comment: Comment, flagger: User, rule_code: str, note: str = "") -> Flag:
    """A participant reports a comment as breaking a house rule (once per comment)."""
    from consult.core.ratelimit import rate_limit_consume
    from consult.discussion.permissions import REFUSALS, participation_refusal

    if not flagger.is_authenticated:
        _refuse(REFUSALS["sign_in"])
    # Reports stay open after a consultation closes: its page is still read.
    refusal = participation_refusal(flagger, comment.consultation)
    if refusal not in (None, "closed", "upcoming"):
        _refuse(REFUSALS[refusal])
    _check_rule(rule_code)
    if comment.author_id == flagger.pk:
        _refuse(_("You cannot report your own comment."))
    if comment.state != CommentState.VISIBLE:
        _refuse(_("This comment is not shown, so it cannot be reported."))
    note = (note or "").strip()
    if len(note) > 1000:
        _refuse(_("The note can be at most 1,000 characters long."))
    if Flag.objects.filter(comment=comment, flagger=flagger).exists():
        _refuse(_("You have already reported this comment; a moderator will look at it."))
    rate_limit_consume(action="flag", key=str(flagger.pk))
    with transaction.atomic():
        flag, created = Flag.objects.get_or_create(
            comment=comment, flagger=flagger, defaults={"rule_code": rule_code, "note": note}
        )
        if not created:
            _refuse(_("You have already reported this comment; a moderator will look at it."))
        publish.moderation_changed(
            kind="flagged", consultation_id=comment.consultation_id, comment_id=comment.pk
        )
    return flag


# --- Screening new comments ---------------------------------------------------------------


def comment_screen(*, comment: Comment) -> ModerationDecision | None:
    """Called by discussion's comment_create inside its transaction, once the comment is
    saved: hold it when its consultation is pre-moderated or an automated check fires.
    Never hides. Refuses a reply to a thread locked meanwhile."""
    if comment.thread_id:
        root = Comment.objects.select_for_update().only("locked_at").get(pk=comment.thread_id)
        if root.locked_at:
            _refuse(_("This thread is locked: no new replies can be posted."))
    from consult.moderation import prescreen

    screening = prescreen.screen(comment)
    premoderated = comment.consultation.moderation_mode == ModerationMode.PRE
    if screening is None and not premoderated:
        return None
    return _hold(comment, screening=screening)


def _hold(comment: Comment, *, screening: Screening | None) -> ModerationDecision:
    before = comment.state
    comment.state = CommentState.HELD
    Comment.objects.filter(pk=comment.pk).update(state=CommentState.HELD)
    decision = _decide(
        consultation_id=comment.consultation_id,
        comment=comment,
        action=Action.HOLD,
        rule_code=screening.rule_code if screening else "",
        trigger=Trigger.PRESCREEN if screening else Trigger.PREMODERATION,
        screening=screening,
        state_before=before,
        state_after=CommentState.HELD,
    )
    _notify_author(decision, comment.author)
    _changed(comment, kind="held", public=before == CommentState.VISIBLE)
    return decision


def comment_hold_automated(*, comment: Comment, screening: Screening) -> ModerationDecision | None:
    """The pre-screen holds a comment that was already shown (a campaign found later)."""
    with transaction.atomic():
        locked = _locked(comment)
        if locked.state != CommentState.VISIBLE:
            return None
        return _hold(locked, screening=screening)


# --- Moderators' decisions ---------------------------------------------------------------


def _origin(comment: Comment, trigger: str) -> dict:
    """What set this decision off: for a held comment, what held it (the pre-screen's check
    and version, or pre-moderation); for one with pending reports, the flags."""
    if trigger != Trigger.MODERATOR:
        return {"trigger": trigger}
    if comment.state == CommentState.HELD and (hold := _last_hold(comment)):
        return {
            "trigger": hold.trigger,
            "screen_check": hold.screen_check,
            "screen_version": hold.screen_version,
        }
    if Flag.objects.filter(comment=comment, outcome=FlagOutcome.PENDING).exists():
        return {"trigger": Trigger.FLAG}
    return {"trigger": trigger}


def comment_approve(
    *, comment: Comment, moderator: User, public_note: str = "", rule_code: str = ""
) -> ModerationDecision:
    """Show a held comment; any reports on it are closed as finding no breach. The rule is
    the one the moderator checked it against; by default, the rule it was held under."""
    _refuse_if(permissions.moderation_refusal(moderator, comment))
    if rule_code:
        _check_rule(rule_code)
    note = _check_note(public_note)
    with transaction.atomic():
        locked = _locked(comment)
        if locked.state != CommentState.HELD:
            _refuse(_("Only a comment waiting for review can be approved."))
        hold = _last_hold(locked)
        decision = _decide(
            consultation_id=locked.consultation_id,
            comment=locked,
            action=Action.APPROVE,
            rule_code=rule_code or (hold.rule_code if hold else ""),
            moderator=moderator,
            public_note=note,
            state_before=locked.state,
            state_after=CommentState.VISIBLE,
            **_origin(locked, Trigger.MODERATOR),
        )
        locked.state = CommentState.VISIBLE
        locked.save(update_fields=["state"])
        _resolve_flags(locked, outcome=FlagOutcome.DISMISSED, decision=decision)
        _changed(locked, kind="approved")
    return decision


def comment_hide(
    *,
    comment: Comment,
    moderator: User,
    rule_code: str,
    public_note: str = "",
    trigger: str = Trigger.MODERATOR,
) -> ModerationDecision:
    """Hide a shown or held comment under a house rule; the public sees a tombstone naming
    the rule, the author is told why and how to appeal, flaggers are told it was acted on."""
    _refuse_if(permissions.moderation_refusal(moderator, comment))
    _check_rule(rule_code)
    note = _check_note(public_note)
    if trigger not in Trigger.values:
        _refuse(_("Unknown trigger."))
    with transaction.atomic():
        locked = _locked(comment)
        if locked.state not in (CommentState.VISIBLE, CommentState.HELD):
            _refuse(_("Only a shown or held comment can be hidden."))
        before = locked.state
        decision = _decide(
            consultation_id=locked.consultation_id,
            comment=locked,
            action=Action.HIDE,
            rule_code=rule_code,
            moderator=moderator,
            public_note=note,
            state_before=before,
            state_after=CommentState.HIDDEN,
            **_origin(locked, trigger),
        )
        locked.state = CommentState.HIDDEN
        locked.save(update_fields=["state"])
        _resolve_flags(locked, outcome=FlagOutcome.ACTIONED, decision=decision)
        _notify_author(decision, locked.author)
        _changed(locked, kind="hidden")
    return decision


def _restore(
    comment: Comment, *, moderator: User, rule_code: str, note: str, trigger: str
) -> ModerationDecision:
    decision = _decide(
        consultation_id=comment.consultation_id,
        comment=comment,
        action=Action.RESTORE,
        rule_code=rule_code,
        trigger=trigger,
        moderator=moderator,
        public_note=note,
        state_before=comment.state,
        state_after=CommentState.VISIBLE,
    )
    comment.state = CommentState.VISIBLE
    comment.save(update_fields=["state"])
    _changed(comment, kind="restored")
    return decision


def comment_restore(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """Show a hidden comment again."""
    _refuse_if(permissions.moderation_refusal(moderator, comment))
    _check_rule(rule_code)
    note = _check_note(public_note)
    with transaction.atomic():
        locked = _locked(comment)
        if locked.state != CommentState.HIDDEN:
            _refuse(_("Only a hidden comment can be restored."))
        return _restore(
            locked, moderator=moderator, rule_code=rule_code, note=note, trigger=Trigger.MODERATOR
        )


def flags_dismiss(*, comment: Comment, moderator: User, rule_code: str = "") -> int:
    """The reports on a comment found no breach (of `rule_code`, when the moderator names
    the rule they checked): close them and tell the flaggers."""
    _refuse_if(permissions.moderation_refusal(moderator, comment))
    if rule_code:
        _check_rule(rule_code)
    with transaction.atomic():
        locked = _locked(comment)
        count = _resolve_flags(locked, outcome=FlagOutcome.DISMISSED)
        if count:
            _audit(
                None,
                actor=moderator,
                action="flags_dismiss",
                target_kind="comment",
                target_id=locked.pk,
                consultation_id=locked.consultation_id,
                rule_code=rule_code,
                before={"pending_flags": count},
                after={"pending_flags": 0},
            )
            _changed(locked, kind="flags_dismissed", public=False)
    return count


def _thread_root(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .get(pk=comment.thread_id or comment.pk)
    )


def _set_lock(root: Comment, value: datetime | None) -> None:
    # Replies carry the lock too, so "may I reply here?" is answered from the comment in
    # hand, without reading its thread's root.
    root.locked_at = value
    Comment.objects.filter(pk=root.pk).update(locked_at=value)
    Comment.objects.filter(thread=root).update(locked_at=value)


def thread_lock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """No new replies in the thread of `comment` (its top-level comment is the target)."""
    _check_rule(rule_code)
    note = _check_note(public_note)
    with transaction.atomic():
        root = _thread_root(comment)
        _refuse_if(permissions.moderation_refusal(moderator, root))
        if root.locked_at:
            _refuse(_("This thread is already locked."))
        decision = _decide(
            consultation_id=root.consultation_id,
            comment=root,
            action=Action.LOCK,
            rule_code=rule_code,
            trigger=Trigger.MODERATOR,
            moderator=moderator,
            public_note=note,
            state_before="open",
            state_after="locked",
        )
        _set_lock(root, timezone.now())
        _notify_author(decision, root.author)
        _changed(root, kind="locked")
    return decision


def thread_unlock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    _check_rule(rule_code)
    note = _check_note(public_note)
    with transaction.atomic():
        root = _thread_root(comment)
        _refuse_if(permissions.moderation_refusal(moderator, root))
        if not root.locked_at:
            _refuse(_("This thread is not locked."))
        return _unlock(root, moderator=moderator, rule_code=rule_code, note=note)


def _unlock(
    root: Comment, *, moderator: User, rule_code: str, note: str, trigger=Trigger.MODERATOR
):
    decision = _decide(
        consultation_id=root.consultation_id,
        comment=root,
        action=Action.UNLOCK,
        rule_code=rule_code,
        trigger=trigger,
        moderator=moderator,
        public_note=note,
        state_before="locked",
        state_after="open",
    )
    _set_lock(root, None)
    _changed(root, kind="unlocked")
    return decision


def campaign_attach(
    *, comments: list[Comment], campaign: Campaign | None = None, automated: bool = False
) -> Campaign:
    """Group comments as one campaign (the pre-screen's grouping; no decision by itself)."""
    first = comments[0]
    if campaign is None:
        campaign = Campaign.objects.create(
            consultation_id=first.consultation_id, automated=automated
        )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(campaign=campaign)
    for comment in comments:
        comment.campaign = campaign
    # The page shows a campaign as one group, with its size.
    publish.page_changed(consultation=first.consultation)
    return campaign


def campaign_mark(*, comments, moderator: User, rule_code: str, public_note: str = "") -> Campaign:
    """Mark comments as one coordinated campaign: they stay visible, shown as one group
    with its size, and are counted beside individual submissions."""
    _check_rule(rule_code)
    note = _check_note(public_note)
    comments = list(comments)
    if len(comments) < 2:
        _refuse(_("Choose at least two comments to mark as one campaign."))
    if len({c.consultation_id for c in comments}) > 1:
        _refuse(_("A campaign groups comments of one consultation."))
    for comment in comments:
        _refuse_if(permissions.moderation_refusal(moderator, comment))
    with transaction.atomic():
        rows = list(
            Comment.objects.select_for_update()
            .filter(pk__in=[c.pk for c in comments])
            .order_by("pk")
        )
        campaign = campaign_attach(comments=rows)
        for comment in rows:
            _decide(
                consultation_id=comment.consultation_id,
                comment=comment,
                action=Action.CAMPAIGN,
                rule_code=rule_code,
                trigger=Trigger.MODERATOR,
                moderator=moderator,
                public_note=note,
                state_before=comment.state,
                state_after=comment.state,
            )
        publish.moderation_changed(
            kind="campaign", consultation_id=rows[0].consultation_id, comment_id=None
        )
    return campaign


def participant_suspend(
    *,
    user: User,
    consultation: ConsultationPage,
    moderator: User,
    rule_code: str,
    until: datetime,
    public_note: str = "",
) -> ModerationDecision:
    """Stop a participant writing anywhere on the site until `until`."""
    if not permissions.can_moderate(moderator):
        _refuse(permissions.NOT_A_MODERATOR)
    if user.pk == moderator.pk:
        _refuse(_("You cannot suspend yourself."))
    _check_rule(rule_code)
    note = _check_note(public_note)
    if until <= timezone.now():
        _refuse(_("Choose an end of the suspension in the future."))
    with transaction.atomic():
        decision = _decide(
            consultation_id=consultation.pk,
            subject=user,
            action=Action.SUSPEND,
            rule_code=rule_code,
            trigger=Trigger.MODERATOR,
            moderator=moderator,
            public_note=note,
            state_before="active",
            state_after="suspended",
            suspended_until=until,
        )
        Suspension.objects.create(user=user, decision=decision, until=until)
        _notify_author(decision, user)
        publish.moderation_changed(
            kind="suspended", consultation_id=consultation.pk, comment_id=None
        )
    # A suspended writer's own view of pages changes, not the public's.
    permissions.forget_suspended(user)
    return decision


# --- Appeals ----------------------------------------------------------------------------


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
    _refuse_if(appeal_refusal(decision, appellant))
    statement = (statement or "").strip()
    if not statement:
        _refuse(_("Say why you think the decision is wrong."))
    if len(statement) > 4000:
        _refuse(_("Your statement can be at most 4,000 characters long."))
    with transaction.atomic():
        ModerationDecision.objects.select_for_update().filter(pk=decision.pk).get()
        _refuse_if(appeal_refusal(decision, appellant))
        appeal = Appeal.objects.create(decision=decision, appellant=appellant, statement=statement)
        _audit(
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
        return _decide(
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
    comment = _locked(decision.comment)
    if decision.action == Action.LOCK:
        if not comment.locked_at:
            return None
        return _unlock(
            comment, moderator=reviewer, rule_code=decision.rule_code, note=note, trigger=trigger
        )
    if comment.state not in (CommentState.HIDDEN, CommentState.HELD):
        return None
    return _restore(
        comment, moderator=reviewer, rule_code=decision.rule_code, note=note, trigger=trigger
    )


def appeal_decide(*, appeal: Appeal, reviewer: User, outcome: str, reasons: str) -> Appeal:
    """Another moderator upholds or reverses the decision, with reasons; reversing restores
    the content (or lifts the suspension, or unlocks the thread) as a new decision."""
    _refuse_if(permissions.appeal_review_refusal(reviewer, appeal))
    if outcome not in (AppealOutcome.UPHELD, AppealOutcome.REVERSED):
        _refuse(_("Choose whether the decision is upheld or reversed."))
    reasons = (reasons or "").strip()
    if not reasons:
        _refuse(_("Give the reasons for the outcome; the appellant will read them."))
    if len(reasons) > 4000:
        _refuse(_("The reasons can be at most 4,000 characters long."))
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update(of=("self",))
            .select_related("decision__comment", "appellant__profile")
            .get(pk=appeal.pk)
        )
        _refuse_if(permissions.appeal_review_refusal(reviewer, appeal))
        if appeal.outcome != AppealOutcome.PENDING:
            _refuse(_("This appeal has already been decided."))
        decision = appeal.decision
        appeal.outcome = outcome
        appeal.reviewer = reviewer
        appeal.reasons = reasons
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["outcome", "reviewer", "reasons", "decided_at"])
        new_decision = None
        if outcome == AppealOutcome.REVERSED:
            new_decision = _reverse(decision, reviewer=reviewer, note=reasons)
        _audit(
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
        _notify_simple(
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
