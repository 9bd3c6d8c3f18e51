"""The services on their own: what they store, and what they refuse, whoever calls them."""

import pytest
from django.core.exceptions import ValidationError

from consult.questionnaires.models import Response
from consult.questionnaires.queries import responses_for
from consult.questionnaires.services import (
    ResponseRefused,
    response_save_draft,
    response_submit,
)

pytestmark = pytest.mark.django_db


def test_unknown_keys_are_dropped_and_blank_answers_left_out(alice, consultation, ids):
    response = response_save_draft(
        user=alice,
        consultation=consultation,
        answers={"not-a-question": "x", ids["long_text"]: "  kept  ", ids["scale"]: ""},
    )

    assert response.answers == {ids["long_text"]: "kept"}


def test_choices_must_fit_the_current_questions(alice, consultation, ids):
    with pytest.raises(ValidationError) as refused:
        response_submit(
            user=alice,
            consultation=consultation,
            answers={ids["scale"]: 3, ids["single_choice"]: 3, ids["multiple_choice"]: [True]},
        )

    assert set(refused.value.error_dict) == {ids["single_choice"], ids["multiple_choice"]}
    assert not Response.objects.exists()


def test_unverified_participants_are_refused(ursula, consultation, ids):
    with pytest.raises(ResponseRefused) as refused:
        response_save_draft(user=ursula, consultation=consultation, answers={})

    assert refused.value.refusal == "verify_email"


def test_stakeholder_group_is_a_snapshot_taken_when_writing(alice, consultation, ids):
    response_submit(
        user=alice, consultation=consultation, answers={ids["scale"]: 2, ids["single_choice"]: 0}
    )
    alice.profile.stakeholder_group = "academic"
    alice.profile.save()

    assert Response.objects.get().stakeholder_group == "affected"


def test_responses_for_counts_submitted_responses_from_every_language(
    alice, steve, consultation, french_consultation, ids
):
    complete = {ids["scale"]: 2, ids["single_choice"]: 0}
    response_submit(user=alice, consultation=french_consultation, answers=complete)
    response_save_draft(user=steve, consultation=consultation, answers={})

    assert list(responses_for(french_consultation)) == [Response.objects.get(user=alice)]
    assert list(responses_for(consultation)) == [Response.objects.get(user=alice)]
