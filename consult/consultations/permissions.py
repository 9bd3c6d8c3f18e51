"""Who may write to a consultation at all: the one rule that comments, positions, reactions and
questionnaire answers share. Each feature words the refusal for its own page."""

from allauth.account.models import EmailAddress
from django.db import models

from accounts.permissions import VERIFIED_EMAIL, has_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.core.rows import now, table
from consult.core.viewer import Viewer
from consult.moderation.models import Suspension
from consult.moderation.permissions import SUSPENDED, is_suspended


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


def writer_facts_sql(user_id: int) -> tuple[str, dict]:
    """What write_refusal reads about a user, as two truth values for a written-out query to
    select with its row (then remember_writer_facts): a write that reads a row anyway saves a
    query for each fact. The SQL and its named parameters (`writer`, `now`)."""
    # Table names from the models, quoted; every value is a parameter.
    email, suspension = table(EmailAddress), table(Suspension)
    sql = f"""
        EXISTS(SELECT 1 FROM {email} e WHERE e.user_id = %(writer)s AND e.verified),
        EXISTS(SELECT 1 FROM {suspension} s WHERE s.user_id = %(writer)s AND s.until > %(now)s)
    """  # noqa: S608
    return sql, {"writer": user_id, "now": now()}


def remember_writer_facts(viewer: Viewer, *, verified_email, suspended) -> None:
    """Give `viewer` the facts a query read with writer_facts_sql(), which has_verified_email
    and is_suspended then answer from for the rest of the request."""
    viewer.know(**{VERIFIED_EMAIL: bool(verified_email), SUSPENDED: bool(suspended)})
