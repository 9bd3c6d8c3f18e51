"""Who may moderate, review an appeal, or write at all while suspended.

| who \\ action                     | flag | approve/hide/lock... | decide an appeal |
| anonymous, unverified            | no   | no                   | no               |
| participant                      | yes  | no                   | no               |
| moderator without MFA            | yes  | no                   | no               |
| moderator with MFA               | yes  | yes, not on own      | yes, not of own  |
|                                  |      | comments             | decisions        |

Views, services and templates ask these; the services ask again inside their transaction.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.permissions import has_mfa
from consult.core.viewer import as_viewer
from consult.moderation.models import Suspension

MODERATORS_GROUP = "Moderators"

NOT_A_MODERATOR = _(
    "Only moderators with two-factor authentication turned on can moderate comments."
)
OWN_COMMENT = _("You cannot moderate your own comment; another moderator must decide.")
OWN_DECISION = _("You took this decision, so another moderator must review its appeal.")
OWN_APPEAL = _("You cannot review your own appeal.")


def is_moderator(user) -> bool:
    """An active account in the Moderators group (or a superuser), whether or not MFA is on
    yet. Read from the account's row, not the user object, which may be older than the
    question (a socket's scope keeps the user it connected with)."""
    if not user.is_authenticated:
        return False
    return (
        User.objects.filter(pk=user.pk, is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP))
        .exists()
    )


def can_moderate(user) -> bool:
    """A moderator (or superuser) with a second factor: the only people who act on comments.
    A request's viewer keeps the answer: a queue page asks once per item."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact("can_moderate", lambda: is_moderator(viewer.user) and has_mfa(viewer.user))


def moderation_refusal(user, comment) -> str | None:
    """Why `user` may not take a moderation decision on `comment`, or None if they may."""
    if not can_moderate(user):
        return str(NOT_A_MODERATOR)
    if comment.author_id is not None and comment.author_id == user.pk:
        return str(OWN_COMMENT)
    return None


def appeal_review_refusal(user, appeal) -> str | None:
    """Why `user` may not decide `appeal`, or None: never the moderator who took the decision."""
    if not can_moderate(user):
        return str(NOT_A_MODERATOR)
    if appeal.decision.moderator_id == user.pk:
        return str(OWN_DECISION)
    if appeal.appellant_id == user.pk:
        return str(OWN_APPEAL)
    return None


def is_suspended(user) -> bool:
    """Whether a moderator's suspension stops `user` writing now. Asked by every write
    permission check, so a request's viewer keeps the answer (as SUSPENDED)."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact(
        SUSPENDED,
        lambda: Suspension.objects.filter(user_id=viewer.pk, until__gt=timezone.now()).exists(),
    )


# The viewer's fact is_suspended keeps.
SUSPENDED = "suspended"
