"""Locking and unlocking a thread against new replies."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import Comment
from consult.moderation import permissions
from consult.moderation.models import Action, ModerationDecision, Trigger
from consult.moderation.services.decisions import (
    changed,
    check_note,
    check_rule,
    decide,
    set_lock,
    unlock,
)
from consult.moderation.services.notices import notify_author


def _thread_root(comment: Comment) -> Comment:
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("author__profile")
        .get(pk=comment.thread_id or comment.pk)
    )


def thread_lock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """No new replies in the thread of `comment` (its top-level comment is the target)."""
    check_rule(rule_code)
    note = check_note(public_note)
    with transaction.atomic():
        root = _thread_root(comment)
        refuse_if(permissions.moderation_refusal(moderator, root))
        if root.locked_at:
            refuse(_("This thread is already locked."))
        decision = decide(
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
        set_lock(root, timezone.now())
        notify_author(decision, root.author)
        changed(root, kind="locked")
    return decision


def thread_unlock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    check_rule(rule_code)
    note = check_note(public_note)
    with transaction.atomic():
        root = _thread_root(comment)
        refuse_if(permissions.moderation_refusal(moderator, root))
        if not root.locked_at:
            refuse(_("This thread is not locked."))
        return unlock(root, moderator=moderator, rule_code=rule_code, note=note)
