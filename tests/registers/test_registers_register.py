"""The whole register at /ai-systems.json (valid under its published schema at
/ai-systems.schema.json), /ai-systems.csv, and the Atom feed of its changes."""

import csv
import io

import jsonschema
import pytest
from defusedxml import ElementTree as ET
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.consultations.models import AISystem
from consult.registers.register import COLUMNS
from tests.factories import make_ai_system

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def cards(translated_card):
    make_ai_system("Unfinished card", publish=False)
    return translated_card


def test_the_json_lists_published_cards_in_both_languages_under_its_schema(client, cards):
    response = client.get("/ai-systems.json")

    assert response.status_code == 200
    data = response.json()
    jsonschema.validate(data, client.get("/ai-systems.schema.json").json())
    assert data["count"] == 2
    assert [(row["slug"], row["language"], row["name"]) for row in data["systems"]] == [
        ("fraud-scoring", "en", "Fraud risk scoring"),
        ("fraud-scoring", "fr", "Notation du risque de fraude"),
    ]
    english, french = data["systems"]
    assert list(english) == list(COLUMNS)
    assert english["card_url"] == "http://testserver/ai-systems/fraud-scoring/"
    assert french["atrs_url"] == "http://testserver/fr/ai-systems/fraud-scoring/atrs.json"
    assert english["eu_registration_url"] == (
        "http://testserver/ai-systems/fraud-scoring/eu-registration.json"
    )
    for row in data["systems"]:
        for column in ("card_url", "algoritmeregister_url", "atrs_url"):
            assert client.get(row[column]).status_code == 200


def test_the_json_schema_refuses_a_row_missing_a_column(client, cards):
    data = client.get("/ai-systems.json").json()
    del data["systems"][0]["atrs_url"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, client.get("/ai-systems.schema.json").json())


def test_the_json_takes_as_many_queries_for_two_cards_as_for_eight(client, cards):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ai-systems.json").status_code == 200
        return len(captured)

    with_two = queries()
    for number in range(6):
        make_ai_system(f"Card {number}")
    assert client.get("/ai-systems.json").json()["count"] == 8
    assert queries() == with_two <= 3


def test_the_csv_has_a_header_and_a_row_per_published_card(client, cards):
    response = client.get("/ai-systems.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert reader.fieldnames == list(COLUMNS)
    rows = list(reader)
    assert [(row["language"], row["name"]) for row in rows] == [
        ("en", "Fraud risk scoring"),
        ("fr", "Notation du risque de fraude"),
    ]
    assert rows[1]["algoritmeregister_url"].endswith(
        "/fr/ai-systems/fraud-scoring/algoritmeregister.json"
    )


def test_the_csv_neutralises_a_name_a_spreadsheet_would_run(client):
    make_ai_system("=HYPERLINK(1)", slug="formula")
    (row,) = csv.DictReader(io.StringIO(client.get("/ai-systems.csv").content.decode()))
    assert not row["name"].startswith("=")


def test_the_feed_has_an_entry_per_published_revision_saying_what_changed(client, cards):
    cards.scope = "Every benefit claim."
    cards.save_revision().publish()
    cards.save_revision()  # a draft is not in the feed

    response = client.get("/ai-systems/feed.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Fraud risk scoring"] * 2
    newest, first = (entry.find(f"{ATOM}summary").text for entry in entries)
    assert newest == "Changed: Scope."
    assert first == "Published."
    ids = {entry.find(f"{ATOM}id").text for entry in entries}
    assert len(ids) == 2
    assert (
        entries[0].find(f"{ATOM}link").get("href") == "http://testserver/ai-systems/fraud-scoring/"
    )

    french = ET.fromstring(client.get("/fr/ai-systems/feed.atom").content)
    titles = [entry.find(f"{ATOM}title").text for entry in french.findall(f"{ATOM}entry")]
    assert titles == ["Notation du risque de fraude"]


def test_a_withdrawn_card_leaves_the_register_and_its_feed(client, cards):
    AISystem.objects.get(pk=cards.pk).unpublish()
    assert [row["language"] for row in client.get("/ai-systems.json").json()["systems"]] == ["fr"]
    feed = ET.fromstring(client.get("/ai-systems/feed.atom").content)
    assert feed.findall(f"{ATOM}entry") == []


def test_the_register_pages_link_to_the_data_and_records(client, cards):
    listing = client.get("/fr/ai-systems/").content.decode()
    for path in ("/fr/ai-systems.json", "/fr/ai-systems.csv", "/fr/ai-systems/feed.atom"):
        assert f'href="{path}"' in listing
        assert client.get(path).status_code == 200
    card = client.get("/fr/ai-systems/fraud-scoring/").content.decode()
    assert 'href="/fr/ai-systems/fraud-scoring/algoritmeregister.json"' in card
    assert 'href="/fr/ai-systems/fraud-scoring/atrs.json"' in card
