"""Locking and unlocking a thread against new replies."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import Comment
from consult.moderation import permissions
from consult.moderation.models import ModerationDecision
from consult.moderation.services.decisions import check_note, check_rule, lock_change


def thread_lock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """No new replies in the thread of `comment` (its top-level comment is the target)."""
    return _lock_set(comment, True, moderator=moderator, rule_code=rule_code, note=public_note)


def thread_unlock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    return _lock_set(comment, False, moderator=moderator, rule_code=rule_code, note=public_note)


def _lock_set(
    comment: Comment, locked: bool, *, moderator: User, rule_code: str, note: str
) -> ModerationDecision:
    check_rule(rule_code)
    note = check_note(note)
    with transaction.atomic():
        root = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("author__profile")
            .get(pk=comment.thread_id or comment.pk)
        )
        refuse_if(permissions.moderation_refusal(moderator, root))
        if bool(root.locked_at) == locked:
            refuse(
                _("This thread is already locked.") if locked else _("This thread is not locked.")
            )
        return lock_change(root, locked=locked, moderator=moderator, rule_code=rule_code, note=note)
