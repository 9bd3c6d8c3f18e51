"""Who may do what in a consultation's discussion. Views, services and templates all ask here.

Roles: anonymous, signed in without a verified email, verified participant, the comment's
author, staff (editors and moderators). The consultation's status decides the rest: nothing
is written before it opens or after it closes. tests/discussion/test_discussion_permissions.py
walks the roles x status matrix.
"""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_moderate, in_staff_group
from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import WriteRefusal, write_refusal
from consult.core.viewer import as_viewer
from consult.discussion.models import Comment, CommentState

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


def participation_refusal(user, consultation: ConsultationPage) -> WriteRefusal | None:
    """The key of REFUSALS that stops `user` writing to `consultation`, or None if they may.
    A request's viewer keeps the answer: a page asks it for each of its comments."""
    viewer = as_viewer(user)
    return viewer.fact(("refusal", consultation.pk), lambda: write_refusal(viewer, consultation))


def can_participate(user, consultation: ConsultationPage) -> bool:
    return participation_refusal(user, consultation) is None


NOT_SHOWN = _("This comment is no longer shown, so it cannot be reacted to.")


def reaction_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    """Why `user` may not react to `comment` (a message), or None if they may."""
    if refusal := participation_refusal(user, consultation):
        return REFUSALS[refusal]
    return comment_reaction_refusal(comment, user.pk)


def comment_reaction_refusal(comment: Comment, reader_id: int | None) -> str | None:
    """What of `comment` itself refuses a reaction from the participant `reader_id` (None:
    whoever wrote none of the page's comments), once they may take part at all."""
    if comment.state != CommentState.VISIBLE:
        return NOT_SHOWN
    if reader_id is not None and comment.author_id == reader_id:
        return _("You cannot react to your own comment.")
    return None


def can_react(user, comment: Comment, consultation: ConsultationPage) -> bool:
    return reaction_refusal(user, comment, consultation) is None


def reply_refusal(user, comment: Comment, consultation: ConsultationPage) -> str | None:
    if refusal := participation_refusal(user, consultation):
        return REFUSALS[refusal]
    return comment_reply_refusal(comment, consultation)


def comment_reply_refusal(comment: Comment, consultation: ConsultationPage) -> str | None:
    """What of `comment` itself refuses a reply, once the reader may take part at all."""
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
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.is_staff or viewer.is_superuser or in_staff_group(viewer)
