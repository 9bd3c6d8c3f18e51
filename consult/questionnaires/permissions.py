"""Who may answer a consultation's questions, and who may read a response.

| who \\ status          | upcoming | open | closed | outcome published |
| anonymous             | no       | no   | no     | no                |
| email not verified    | no       | no   | no     | no                |
| verified participant  | no       | yes  | no     | no                |
| staff (verified)      | no       | yes  | no     | no                |

A response is read by its author alone, whatever the status.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.questionnaires.models import Response


class Refusal(models.TextChoices):
    """Why someone may not answer, most useful reason first."""

    UPCOMING = "upcoming", _("The consultation has not opened yet.")
    CLOSED = "closed", _("The consultation is closed.")
    ANONYMOUS = "anonymous", _("Sign in to answer.")
    UNVERIFIED = "unverified", _("Verify your email address to answer.")


def answer_refusal(user, consultation: ConsultationPage) -> Refusal | None:
    """None when `user` may answer `consultation` (the canonical page) now."""
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return Refusal.UPCOMING
    if status != ConsultationStatus.OPEN:
        return Refusal.CLOSED
    if not user.is_authenticated:
        return Refusal.ANONYMOUS
    if not has_verified_email(user):
        return Refusal.UNVERIFIED
    return None


def can_answer(user, consultation: ConsultationPage) -> bool:
    return answer_refusal(user, consultation) is None


def can_view_response(user, response: Response) -> bool:
    return user.is_authenticated and response.user_id == user.pk
