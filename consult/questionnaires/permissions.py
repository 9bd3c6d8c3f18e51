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

from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import WriteRefusal, write_refusal
from consult.questionnaires.models import Response


class Refusal(models.TextChoices):
    """Why someone may not answer (consult.consultations.permissions.WriteRefusal), worded for
    the questionnaire."""

    UPCOMING = WriteRefusal.UPCOMING, _("The consultation has not opened yet.")
    CLOSED = WriteRefusal.CLOSED, _("The consultation is closed.")
    SIGN_IN = WriteRefusal.SIGN_IN, _("Sign in to answer.")
    VERIFY_EMAIL = WriteRefusal.VERIFY_EMAIL, _("Verify your email address to answer.")
    SUSPENDED = (
        WriteRefusal.SUSPENDED,
        _("A moderator has suspended you from taking part for a while, so you cannot answer."),
    )


def answer_refusal(user, consultation: ConsultationPage) -> Refusal | None:
    """None when `user` may answer `consultation` (the canonical page) now."""
    refusal = write_refusal(user, consultation)
    return Refusal(refusal) if refusal else None


def can_answer(user, consultation: ConsultationPage) -> bool:
    return answer_refusal(user, consultation) is None


def can_view_response(user, response: Response) -> bool:
    return user.is_authenticated and response.user_id == user.pk
