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

from accounts.permissions import can_moderate
from consult.core.rows import table
from consult.moderation.models import Suspension

NOT_A_MODERATOR = _(
    "Only moderators with two-factor authentication turned on can moderate comments."
)
OWN_COMMENT = _("You cannot moderate your own comment; another moderator must decide.")
OWN_DECISION = _("You took this decision, so another moderator must review its appeal.")
OWN_APPEAL = _("You cannot review your own appeal.")


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


def suspended_now(user_id: int) -> bool:
    """Whether a moderator's suspension stops the user `user_id` writing now (asked through
    consult.consultations.permissions.is_suspended, which the request's viewer keeps)."""
    return Suspension.objects.filter(user_id=user_id, until__gt=timezone.now()).exists()


def suspended_sql() -> str:
    """suspended_now as an SQL truth value over the named parameters `writer` and `now`, for
    a written-out query that reads the writer's row anyway (writer_facts_sql)."""
    # The table name from the model, quoted; every value is a parameter.
    return (
        f"EXISTS(SELECT 1 FROM {table(Suspension)} s"  # noqa: S608
        " WHERE s.user_id = %(writer)s AND s.until > %(now)s)"
    )
