"""Who may write to a consultation at all: the one rule that comments, positions, reactions and
questionnaire answers share. Each feature words the refusal for its own page."""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import models

from accounts.permissions import VERIFIED_EMAIL, has_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.core.rows import now, table
from consult.core.viewer import Viewer, as_viewer


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


@dataclass(frozen=True)
class Suspensions:
    """Where an app above this one keeps who may not write for a while (the moderators'
    suspensions): `now(user_id)` asks whether a user is suspended now, `sql()` is the same
    question as an SQL truth value over the named parameters `writer` and `now`."""

    now: Callable[[int], bool]
    sql: Callable[[], str]


# Filled by the moderation app (its AppConfig.ready()): who may write is decided here, below
# the app that suspends, so it is asked without being imported. Without one, none is.
_suspensions: list[Suspensions] = []


def register_suspensions(suspensions: Suspensions) -> None:
    if suspensions not in _suspensions:
        _suspensions.append(suspensions)


def is_suspended(user) -> bool:
    """Whether a suspension stops `user` writing now. Asked by every write permission check,
    so a request's viewer keeps the answer (as SUSPENDED)."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact(SUSPENDED, lambda: any(source.now(viewer.pk) for source in _suspensions))


# The viewer's fact is_suspended keeps.
SUSPENDED = "suspended"


def writer_facts_sql(user_id: int) -> tuple[str, dict]:
    """What write_refusal reads about a user, as two truth values for a written-out query to
    select with its row (then remember_writer_facts): a write that reads a row anyway saves a
    query for each fact. The SQL and its named parameters (`writer`, `now`)."""
    # Table names from the models, quoted; every value is a parameter.
    suspended = " OR ".join(source.sql() for source in _suspensions) or "FALSE"
    sql = f"""
        EXISTS(SELECT 1 FROM {table(EmailAddress)} e WHERE e.user_id = %(writer)s AND e.verified),
        ({suspended})
    """  # noqa: S608
    return sql, {"writer": user_id, "now": now()}


def remember_writer_facts(viewer: Viewer, *, verified_email, suspended) -> None:
    """Give `viewer` the facts a query read with writer_facts_sql(), which has_verified_email
    and is_suspended then answer from for the rest of the request."""
    viewer.know(**{VERIFIED_EMAIL: bool(verified_email), SUSPENDED: bool(suspended)})
