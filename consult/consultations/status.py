"""A consultation's status, derived from its dates in this one module.

`status_at` answers for one page in Python; `status_q` answers for a queryset in SQL. They state
the same rule side by side, and tests check that they agree at every boundary:

- outcome published: `outcome_published_at` is set and has passed (whatever the other dates say);
- upcoming: before `opens_at`;
- open: from `opens_at` (inclusive) until `closes_at` (exclusive);
- closed: from `closes_at` on.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultationStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    OUTCOME_PUBLISHED = "outcome_published", _("Outcome published")


def status_at(
    *,
    opens_at: datetime,
    closes_at: datetime,
    outcome_published_at: datetime | None,
    now: datetime,
) -> ConsultationStatus:
    if outcome_published_at is not None and outcome_published_at <= now:
        return ConsultationStatus.OUTCOME_PUBLISHED
    if now < opens_at:
        return ConsultationStatus.UPCOMING
    if now < closes_at:
        return ConsultationStatus.OPEN
    return ConsultationStatus.CLOSED


def status_q(status: ConsultationStatus | str, *, now: datetime) -> Q:
    published = Q(outcome_published_at__isnull=False, outcome_published_at__lte=now)
    match ConsultationStatus(status):
        case ConsultationStatus.OUTCOME_PUBLISHED:
            return published
        case ConsultationStatus.UPCOMING:
            return ~published & Q(opens_at__gt=now)
        case ConsultationStatus.OPEN:
            return ~published & Q(opens_at__lte=now, closes_at__gt=now)
        case ConsultationStatus.CLOSED:
            return ~published & Q(closes_at__lte=now)
