"""Who may write to a consultation at all: the one rule that comments, positions, reactions and
questionnaire answers share. Each feature words the refusal for its own page."""

from django.db import models

from accounts.permissions import has_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.moderation.permissions import is_suspended


class WriteRefusal(models.TextChoices):
    """Why someone may not write, the reason that matters most first."""

    UPCOMING = "upcoming"
    CLOSED = "closed"
    SIGN_IN = "sign_in"
    VERIFY_EMAIL = "verify_email"
    SUSPENDED = "suspended"


def write_refusal(user, consultation: ConsultationPage) -> WriteRefusal | None:
    """None when `user` may write to `consultation` now: it is open and they are signed in
    with a verified email address, and no moderator has suspended them."""
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        return WriteRefusal.UPCOMING
    if status != ConsultationStatus.OPEN:
        return WriteRefusal.CLOSED
    if not user.is_authenticated:
        return WriteRefusal.SIGN_IN
    if not has_verified_email(user):
        return WriteRefusal.VERIFY_EMAIL
    if is_suspended(user):
        return WriteRefusal.SUSPENDED
    return None
