"""Who may moderate, review an appeal, or write at all while suspended.

| who \\ action                     | flag | approve/hide/lock... | decide an appeal |
| anonymous, unverified            | no   | no                   | no               |
| participant                      | yes  | no                   | no               |
| moderator without MFA            | yes  | no                   | no               |
| moderator with MFA               | yes  | yes, not on own      | yes, not of own  |
|                                  |      | comments             | decisions        |

Views, services and templates ask these; the services ask again inside their transaction.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_mfa
from consult.moderation.models import Suspension

MODERATORS_GROUP = "Moderators"

NOT_A_MODERATOR = _(
    "Only moderators with two-factor authentication turned on can moderate comments."
)
OWN_COMMENT = _("You cannot moderate your own comment; another moderator must decide.")
OWN_DECISION = _("You took this decision, so another moderator must review its appeal.")
OWN_APPEAL = _("You cannot review your own appeal.")


def is_moderator(user) -> bool:
    """In the Moderators group (or a superuser), whether or not MFA is on yet."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def can_moderate(user) -> bool:
    """A moderator (or superuser) with a second factor: the only people who act on comments.
    Kept on the user object for the rest of the request: a queue page asks once per item."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_consult_can_moderate"):
        user._consult_can_moderate = is_moderator(user) and has_mfa(user)
    return user._consult_can_moderate


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
    permission check, so kept on the user object for the request (remember_suspended primes
    it with what a query read anyway)."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_consult_suspended"):
        user._consult_suspended = Suspension.objects.filter(
            user=user, until__gt=timezone.now()
        ).exists()
    return user._consult_suspended


def remember_suspended(user, suspended: bool) -> None:
    user._consult_suspended = suspended


def forget_suspended(user) -> None:
    """After a suspension changes during the request: the next check asks again."""
    user.__dict__.pop("_consult_suspended", None)
