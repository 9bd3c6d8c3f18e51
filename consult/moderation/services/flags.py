"""Participants' reports of comments, and their closing."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.core.ratelimit import rate_limit_consume
from consult.discussion.models import Comment, CommentState
from consult.discussion.permissions import REFUSALS, participation_refusal
from consult.moderation import permissions
from consult.moderation.models import Flag, FlagOutcome
from consult.moderation.services.decisions import (
    audit,
    changed,
    check_rule,
    read_locked,
    resolve_flags,
)
from consult.realtime import publish


def flag_create(*, comment: Comment, flagger: User, rule_code: str, note: str = "") -> Flag:
    """A participant reports a comment as breaking a house rule (once per comment)."""
    if not flagger.is_authenticated:
        refuse(REFUSALS["sign_in"])
    # Reports stay open after a consultation closes: its page is still read.
    refusal = participation_refusal(flagger, comment.consultation)
    if refusal not in (None, "closed", "upcoming"):
        refuse(REFUSALS[refusal])
    check_rule(rule_code)
    if comment.author_id == flagger.pk:
        refuse(_("You cannot report your own comment."))
    if comment.state != CommentState.VISIBLE:
        refuse(_("This comment is not shown, so it cannot be reported."))
    note = (note or "").strip()
    if len(note) > 1000:
        refuse(_("The note can be at most 1,000 characters long."))
    if Flag.objects.filter(comment=comment, flagger=flagger).exists():
        refuse(_("You have already reported this comment; a moderator will look at it."))
    rate_limit_consume(action="flag", key=str(flagger.pk))
    with transaction.atomic():
        flag, created = Flag.objects.get_or_create(
            comment=comment, flagger=flagger, defaults={"rule_code": rule_code, "note": note}
        )
        if not created:
            refuse(_("You have already reported this comment; a moderator will look at it."))
        publish.moderation_changed(
            kind="flagged", consultation_id=comment.consultation_id, comment_id=comment.pk
        )
    return flag


def flags_dismiss(*, comment: Comment, moderator: User, rule_code: str = "") -> int:
    """The reports on a comment found no breach (of `rule_code`, when the moderator names
    the rule they checked): close them and tell the flaggers."""
    refuse_if(permissions.moderation_refusal(moderator, comment))
    if rule_code:
        check_rule(rule_code)
    with transaction.atomic():
        locked = read_locked(comment)
        count = resolve_flags(locked, outcome=FlagOutcome.DISMISSED)
        if count:
            audit(
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
            changed(locked, kind="flags_dismissed", public=False)
    return count
