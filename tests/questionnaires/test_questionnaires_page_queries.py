"""The questions section costs a fixed number of queries, whatever is asked and answered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.questionnaires.conftest import QUESTIONS

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm Wagtail's site cache and use up any flash message
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_consultation_page_query_count_stays_fixed(client, alice, make_consultation):
    small = make_consultation(title="Small")
    large = make_consultation(title="Large", questions=QUESTIONS * 6)
    client.force_login(alice)
    unanswered = _queries(client, small.url)

    answers = {"action": "submit"}
    for child in large.questions:
        answers[child.id] = {"scale": "3", "single_choice": "0", "long_text": "Text"}.get(
            child.block_type, ["0", "1"]
        )
    saved = client.post(reverse("questionnaires:response", kwargs={"page_id": large.pk}), answers)
    assert saved.status_code == 302

    assert _queries(client, large.url) == unanswered
    client.logout()
    assert _queries(client, large.url) <= unanswered
