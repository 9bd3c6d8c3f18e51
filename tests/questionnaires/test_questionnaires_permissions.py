"""Who may answer, by role and consultation status: the matrix in permissions.py."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from consult.questionnaires.models import Response
from consult.questionnaires.permissions import (
    Refusal,
    answer_refusal,
    can_answer,
    can_view_response,
)
from tests.questionnaires.conftest import make_user

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "participant", "author", "staff"]
STATUSES = ["upcoming", "open", "closed", "outcome_published"]
MAY_ANSWER = {("participant", "open"), ("author", "open"), ("staff", "open")}


@pytest.fixture
def people(alice, ursula, steve):
    return {
        "anonymous": AnonymousUser(),
        "unverified": ursula,
        "participant": alice,
        "author": make_user("author@example.org"),
        "staff": steve,
    }


def _set_status(page, status: str) -> None:
    now = timezone.now()
    if status == "upcoming":
        page.opens_at, page.closes_at = now + timedelta(days=1), now + timedelta(days=30)
    elif status == "open":
        page.opens_at, page.closes_at = now - timedelta(days=1), now + timedelta(days=30)
    else:
        page.opens_at, page.closes_at = now - timedelta(days=40), now - timedelta(days=10)
    page.outcome_published_at = now - timedelta(days=1) if status == "outcome_published" else None
    page.save()


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("role", ROLES)
def test_who_may_answer(people, consultation, role, status):
    _set_status(consultation, status)
    user = people[role]
    author_response = Response.objects.create(
        consultation=consultation, user=people["author"], stakeholder_group="other"
    )

    assert can_answer(user, consultation) is ((role, status) in MAY_ANSWER)
    # Only the author reads a response, whatever the status.
    assert can_view_response(user, author_response) is (role == "author")


@pytest.mark.parametrize(
    ("role", "status", "refusal"),
    [
        ("anonymous", "open", Refusal.SIGN_IN),
        ("unverified", "open", Refusal.VERIFY_EMAIL),
        ("participant", "upcoming", Refusal.UPCOMING),
        ("anonymous", "closed", Refusal.CLOSED),
        ("participant", "outcome_published", Refusal.CLOSED),
    ],
)
def test_the_refusal_names_the_most_useful_reason(people, consultation, role, status, refusal):
    _set_status(consultation, status)

    assert answer_refusal(people[role], consultation) == refusal
