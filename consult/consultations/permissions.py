"""Who may write to a consultation at all: the one rule that comments, positions, reactions and
questionnaire answers share. Each feature words the refusal for its own page."""

from allauth.account.models import EmailAddress
from django.db import models
from django.db.models import Exists
from django.utils import timezone

from accounts.permissions import has_verified_email, remember_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.moderation.models import Suspension
from consult.moderation.permissions import is_suspended, remember_suspended


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


def writer_facts(user) -> dict:
    """What write_refusal reads about `user`, as expressions for another query to read with
    its row (then remember_writer_facts): a write that reads a row anyway saves a query for
    each fact."""
    return {
        "writer_verified_email": Exists(EmailAddress.objects.filter(user=user.pk, verified=True)),
        "writer_suspended": Exists(
            Suspension.objects.filter(user=user.pk, until__gt=timezone.now())
        ),
    }


def remember_writer_facts(user, row) -> None:
    """Prime has_verified_email and is_suspended with the facts a query read with
    writer_facts(), for the rest of the request."""
    remember_verified_email(user, row.writer_verified_email)
    remember_suspended(user, row.writer_suspended)
