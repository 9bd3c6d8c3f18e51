"""Locking and unlocking a thread against new replies."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import Comment
from consult.moderation import permissions
from consult.moderation.models import ModerationDecision
from consult.moderation.services.decisions import check_note, check_rule, lock_change


@contextmanager
def _thread_root(
    comment: Comment, *, moderator: User, rule_code: str, public_note: str, locked: bool, refusal
) -> Iterator[tuple[Comment, str]]:
    """In a transaction, the top-level comment of the thread of `comment`, read under lock,
    once `moderator` may decide on it and its lock is `locked` (else `refusal`); with the
    public note checked."""
    check_rule(rule_code)
    note = check_note(public_note)
    with transaction.atomic():
        root = (
            Comment.objects.select_for_update(of=("self",))
            .select_related("author__profile")
            .get(pk=comment.thread_id or comment.pk)
        )
        refuse_if(permissions.moderation_refusal(moderator, root))
        if bool(root.locked_at) != locked:
            refuse(refusal)
        yield root, note


def thread_lock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    """No new replies in the thread of `comment` (its top-level comment is the target)."""
    with _thread_root(
        comment,
        moderator=moderator,
        rule_code=rule_code,
        public_note=public_note,
        locked=False,
        refusal=_("This thread is already locked."),
    ) as (root, note):
        return lock_change(root, locked=True, moderator=moderator, rule_code=rule_code, note=note)


def thread_unlock(
    *, comment: Comment, moderator: User, rule_code: str, public_note: str = ""
) -> ModerationDecision:
    with _thread_root(
        comment,
        moderator=moderator,
        rule_code=rule_code,
        public_note=public_note,
        locked=True,
        refusal=_("This thread is not locked."),
    ) as (root, note):
        return lock_change(root, locked=False, moderator=moderator, rule_code=rule_code, note=note)
