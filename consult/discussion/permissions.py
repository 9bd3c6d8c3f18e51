"""Who may do what in a consultation's discussion. Views, services and templates all ask here.

Roles: anonymous, signed in without a verified email, verified participant, the comment's
author, staff (editors and moderators). The consultation's status decides the rest: nothing
is written before it opens or after it closes. tests/discussion/test_discussion_permissions.py
walks the roles x status matrix.
"""

from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import STAFF_GROUPS, remember_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import WriteRefusal, write_refusal
from consult.discussion.models import Comment, CommentState
from consult.moderation.permissions import can_moderate, remember_suspended

# Why someone cannot take part, in words the page shows them.
REFUSALS = {
    WriteRefusal.SIGN_IN: _("Sign in to take part."),
    WriteRefusal.VERIFY_EMAIL: _("Confirm your email address to take part."),
    WriteRefusal.UPCOMING: _("This consultation has not opened yet, so nothing can be posted."),
    WriteRefusal.CLOSED: _("This consultation is closed, so nothing more can be posted."),
    WriteRefusal.SUSPENDED: _(
        "A moderator has suspended you from taking part for a while; the notice we sent you "
        "says why, until when, and how to appeal."
    ),
}


def remember_viewer(
    user, *, verified_email: bool, in_staff_group: bool, suspended: bool | None = None
) -> None:
    """Prime the checks below, accounts.permissions.has_verified_email and
    moderation.permissions.is_suspended with facts a page already read in its own query."""
    remember_verified_email(user, verified_email)
    user._consult_in_staff_group = in_staff_group
    if suspended is not None:
        remember_suspended(user, suspended)


def participation_refusal(user, consultation: ConsultationPage) -> WriteRefusal | None:
    """The key of REFUSALS that stops `user` writing to `consultation`, or None if they may."""
    known = getattr(user, "_consult_refusal", None)
    if known is not None and known[0] == consultation.pk:
        return known[1]
    return write_refusal(user, consultation)


@contextmanager
def refusal_checked_once(user, consultation: ConsultationPage):
    """Within the block, participation_refusal answers from one check: a page asks it for
    each of its comments. Only for the block, so no later change is ever missed."""
    user._consult_refusal = (consultation.pk, write_refusal(user, consultation))
    try:
        yield
    finally:
        del user._consult_refusal


def can_participate(user, consultation: ConsultationPage) -> bool:
    return participation_refusal(user, consultation) is None


NOT_SHOWN = _("This comment is no longer shown, so it cannot be reacted to.")


def reaction_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    """Why `user` may not react to `comment` (a message), or None if they may."""
    if refusal := participation_refusal(user, consultation):
        return REFUSALS[refusal]
    if comment.state != CommentState.VISIBLE:
        return NOT_SHOWN
    if comment.author_id == user.pk:
        return _("You cannot react to your own comment.")
    return None


def can_react(user, comment: Comment, consultation: ConsultationPage) -> bool:
    return reaction_refusal(user, comment, consultation) is None


def reply_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    if refusal := participation_refusal(user, consultation):
        return REFUSALS[refusal]
    if comment.state != CommentState.VISIBLE or comment.consultation_id != consultation.pk:
        return _("This comment is no longer shown, so it cannot be replied to.")
    if comment.locked_at:
        return _("This thread is locked: no new replies can be posted.")
    return None


def can_reply(user, comment: Comment, consultation: ConsultationPage) -> bool:
    return reply_refusal(user, comment, consultation) is None


def edit_deadline(comment: Comment) -> datetime:
    return comment.created_at + settings.CONSULT_COMMENT_EDIT_WINDOW


def _own_comment_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    if refusal := participation_refusal(user, consultation):
        return REFUSALS[refusal]
    if comment.author_id != user.pk:
        return _("You can only change your own comments.")
    if comment.state != CommentState.VISIBLE:
        return _("This comment can no longer be changed.")
    return None


def edit_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    if refusal := _own_comment_refusal(user, comment, consultation):
        return refusal
    if timezone.now() >= edit_deadline(comment):
        minutes = int(settings.CONSULT_COMMENT_EDIT_WINDOW.total_seconds() // 60)
        return _(
            "Comments can be edited for %(minutes)d minutes after posting; that time has passed."
        ) % {"minutes": minutes}
    return None


def can_edit_comment(user, comment: Comment, consultation: ConsultationPage) -> bool:
    return edit_refusal(user, comment, consultation) is None


def delete_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    return _own_comment_refusal(user, comment, consultation)


def can_delete_comment(user, comment: Comment, consultation: ConsultationPage) -> bool:
    return delete_refusal(user, comment, consultation) is None


def can_see_comment(user, comment: Comment) -> bool:
    """A held comment exists only for its author and the moderators (as on the page); every
    other state is shown, hidden and removed ones as tombstones."""
    if comment.state != CommentState.HELD:
        return True
    return user.is_authenticated and (comment.author_id == user.pk or can_moderate(user))


def can_see_identities(user) -> bool:
    """Editors and moderators may see who is behind a pseudonym; nobody else, ever."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if not hasattr(user, "_consult_in_staff_group"):
        user._consult_in_staff_group = user.groups.filter(name__in=STAFF_GROUPS).exists()
    return user._consult_in_staff_group
