"""Moderators' decisions on one comment: approve, hide, restore."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import Comment, CommentState
from consult.moderation import permissions
from consult.moderation.models import Action, Flag, FlagOutcome, ModerationDecision, Trigger
from consult.moderation.services.decisions import (
    check_note,
    check_rule,
    last_hold,
    read_locked,
    resolve_flags,
    state_change,
)
from consult.moderation.services.notices import notify_author


def _origin(comment: Comment, trigger: str) -> dict:
    """What set this decision off: for a held comment, what held it (the pre-screen's check
    and version, or pre-moderation); for one with pending reports, the flags."""
    if trigger != Trigger.MODERATOR:
        return {"trigger": trigger}
    if comment.state == CommentState.HELD and (hold := last_hold(comment)):
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
    refuse_if(permissions.moderation_refusal(moderator, comment))
    if rule_code:
        check_rule(rule_code)
    note = check_note(public_note)
    with transaction.atomic():
        locked = read_locked(comment)
        if locked.state != CommentState.HELD:
            refuse(_("Only a comment waiting for review can be approved."))
        hold = last_hold(locked)
        decision = state_change(
            locked,
            Action.APPROVE,
            rule_code=rule_code or (hold.rule_code if hold else ""),
            moderator=moderator,
            note=note,
            **_origin(locked, Trigger.MODERATOR),
        )
        resolve_flags(locked, outcome=FlagOutcome.DISMISSED, decision=decision)
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
    refuse_if(permissions.moderation_refusal(moderator, comment))
    check_rule(rule_code)
    note = check_note(public_note)
    if trigger not in Trigger.values:
        refuse(_("Unknown trigger."))
    with transaction.atomic():
        locked = read_locked(comment)
        if locked.state not in (CommentState.VISIBLE, CommentState.HELD):
            refuse(_("Only a shown or held comment can be hidden."))
        decision = state_change(
            locked,
            Action.HIDE,
            rule_code=rule_code,
            moderator=moderator,
            note=note,
            **_origin(locked, trigger),
        )
        resolve_flags(locked, outcome=FlagOutcome.ACTIONED, decision=decision)
        notify_author(decision, locked.author)
    return decision


def comment_restore(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """Show a hidden comment again."""
    refuse_if(permissions.moderation_refusal(moderator, comment))
    check_rule(rule_code)
    note = check_note(public_note)
    with transaction.atomic():
        locked = read_locked(comment)
        if locked.state != CommentState.HIDDEN:
            refuse(_("Only a hidden comment can be restored."))
        return state_change(
            locked,
            Action.RESTORE,
            moderator=moderator,
            rule_code=rule_code,
            note=note,
            trigger=Trigger.MODERATOR,
        )
