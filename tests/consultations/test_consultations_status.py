"""A consultation's status from its dates: the Python rule and the SQL rule agree everywhere."""

from datetime import UTC, datetime, timedelta

import pytest

from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus, status_at

OPENS = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)

CASES = [
    # (now, outcome_published_at, expected)
    (OPENS - timedelta(days=10), None, ConsultationStatus.UPCOMING),
    (OPENS - SECOND, None, ConsultationStatus.UPCOMING),
    (OPENS, None, ConsultationStatus.OPEN),
    (CLOSES - SECOND, None, ConsultationStatus.OPEN),
    (CLOSES, None, ConsultationStatus.CLOSED),
    (CLOSES + timedelta(days=100), None, ConsultationStatus.CLOSED),
    # An outcome dated in the future does not count yet.
    (CLOSES + SECOND, CLOSES + timedelta(days=5), ConsultationStatus.CLOSED),
    (CLOSES + timedelta(days=5), CLOSES + timedelta(days=5), ConsultationStatus.OUTCOME_PUBLISHED),
    (CLOSES + timedelta(days=9), CLOSES + timedelta(days=5), ConsultationStatus.OUTCOME_PUBLISHED),
]


@pytest.mark.parametrize(("now", "outcome_published_at", "expected"), CASES)
def test_status_at(now, outcome_published_at, expected):
    status = status_at(
        opens_at=OPENS, closes_at=CLOSES, outcome_published_at=outcome_published_at, now=now
    )
    assert status == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("now", "outcome_published_at", "expected"), CASES)
def test_queryset_filter_agrees_with_the_page(
    index_page, make_system, make_consultation, now, outcome_published_at, expected
):
    page = make_consultation(index_page, "Facial recognition at stations", system=make_system())
    ConsultationPage.objects.filter(pk=page.pk).update(
        opens_at=OPENS, closes_at=CLOSES, outcome_published_at=outcome_published_at
    )
    page.refresh_from_db()

    assert page.status_at(now) == expected
    matching = {
        status
        for status in ConsultationStatus
        if ConsultationPage.objects.with_status(status, now=now).filter(pk=page.pk).exists()
    }
    assert matching == {expected}
