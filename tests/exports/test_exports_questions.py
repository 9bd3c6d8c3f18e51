"""Questionnaire answers as an analyst reads them: one column per question, headed by its
text in the export's language, choices as their labels; the JSON keeps ids and labels."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.users.models import UserProfile

from consult.exports.queries import COLUMNS
from consult.questionnaires.models import Response, ResponseState
from tests import factories
from tests.exports.conftest import download_url, prepare_spreadsheet
from tests.questionnaires.conftest import FRENCH_WORDING, QUESTIONS

pytestmark = pytest.mark.django_db

PROMPTS = [question["value"]["prompt"] for question in QUESTIONS]


@pytest.fixture
def consultation(index_page):
    system = factories.make_ai_system("Station face matching")
    return factories.make_consultation(
        index_page, "Face recognition", system=system, questions=QUESTIONS
    )


@pytest.fixture
def response(consultation, alice):
    ids = {child.block_type: child.id for child in consultation.questions}
    return Response.objects.create(
        consultation=consultation,
        user=alice,
        answers={
            ids["scale"]: 4,
            ids["single_choice"]: 1,
            ids["multiple_choice"]: [0, 2],
            ids["long_text"]: "=1+1 I would stop taking the train.",
        },
        state=ResponseState.SUBMITTED,
        submitted_at=timezone.now(),
        stakeholder_group="affected",
    )


def _csv(client, consultation, **headers) -> list[list[str]]:
    url = reverse("exports_contributions", args=[consultation.pk, "csv"])
    response = client.get(url, **headers)
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_has_one_column_per_question_with_labels(client, erin, consultation, response):
    client.force_login(erin)
    header, *rows = _csv(client, consultation)

    assert header[: len(COLUMNS)] == list(COLUMNS)
    assert header[len(COLUMNS) :] == PROMPTS
    answers = dict(zip(header, rows[-1], strict=True))
    assert answers["How acceptable is this to you?"] == "4"
    assert answers["Should it go ahead?"] == "No"
    assert answers["Which safeguards matter?"] == "Audits; Notice"
    # Free text as text, a formula neutralised.
    assert answers["How would it affect you?"] == "'=1+1 I would stop taking the train."


def test_french_export_heads_columns_in_french(client, erin, home, index_page, consultation):
    from wagtail.models import Locale

    french = Locale.objects.create(language_code="fr")
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    page = consultation.copy_for_translation(french)
    data = page.questions.get_prep_value()
    for block in data:
        block["value"].update(FRENCH_WORDING[block["type"]])
    page.questions = data
    page.save_revision().publish()
    ids = {child.block_type: child.id for child in consultation.questions}
    Response.objects.create(
        consultation=consultation,
        user=erin,
        answers={ids["single_choice"]: 2},
        state=ResponseState.SUBMITTED,
        submitted_at=timezone.now(),
        stakeholder_group="public_body",
    )
    UserProfile.objects.update_or_create(user=erin, defaults={"preferred_language": "fr"})
    client.force_login(erin)

    header, row = _csv(client, consultation)
    french_prompts = [FRENCH_WORDING[question["type"]]["prompt"] for question in QUESTIONS]
    assert header[len(COLUMNS) :] == french_prompts
    assert dict(zip(header, row, strict=True))["Faut-il le faire ?"] == "Je ne sais pas"


def test_json_keeps_ids_and_labels(client, erin, consultation, response):
    client.force_login(erin)
    url = reverse("exports_contributions", args=[consultation.pk, "json"])
    data = json.loads(b"".join(client.get(url).streaming_content))

    ids = {child.block_type: child.id for child in consultation.questions}
    questions = {question["id"]: question for question in data["questions"]}
    assert questions[ids["single_choice"]]["text"] == "Should it go ahead?"
    assert questions[ids["single_choice"]]["choices"][1] == {"index": 1, "label": "No"}
    answers = data["contributions"][-1]["answers"]
    assert answers[ids["single_choice"]] == {"value": 1, "label": ["No"]}
    assert answers[ids["multiple_choice"]] == {"value": [0, 2], "label": ["Audits", "Notice"]}
    assert answers[ids["scale"]] == {"value": 4, "label": "4"}
    assert answers[ids["long_text"]]["label"] == "=1+1 I would stop taking the train."


def test_spreadsheet_has_question_columns_and_an_about_sheet(client, erin, consultation, response):
    client.force_login(erin)
    body = b"".join(
        client.get(download_url(prepare_spreadsheet(client, consultation).url)).streaming_content
    )
    workbook = load_workbook(io.BytesIO(body))
    header, *rows = workbook["contributions"].iter_rows(values_only=True)
    assert list(header[len(COLUMNS) :]) == PROMPTS
    assert dict(zip(header, rows[-1], strict=True))["Should it go ahead?"] == "No"
    assert "ai_training" in dict(workbook["about"].iter_rows(values_only=True))
