"""Each card's records under the Dutch Algoritmeregister standard and the UK ATRS, at
/ai-systems/<slug>/algoritmeregister.json and atrs.json: valid under each standard's rules,
in the card's own language, and only for published cards."""

import jsonschema
import pytest

from consult.consultations.models import AISystem
from consult.registers.standards import STANDARDS
from tests.factories import make_ai_system
from tests.registers.algoritmeregister_rules import RULES, problems
from tests.registers.conftest import ATRS_SCHEMA

pytestmark = pytest.mark.django_db

# The standard admits only Dutch; our records give their own language (docs/registers.md).
OUR_LANGUAGES = {"lang": ["eng", "fra"]}
ISO_639_3 = {"en": "eng", "fr": "fra"}


def prefix(language: str) -> str:
    return "" if language == "en" else f"/{language}"


def records(client, system: AISystem) -> tuple[dict, dict]:
    base = f"{prefix(system.locale.language_code)}/ai-systems/{system.slug}"
    dutch = client.get(f"{base}/algoritmeregister.json")
    atrs = client.get(f"{base}/atrs.json")
    assert dutch.status_code == atrs.status_code == 200
    assert dutch["Content-Type"] == atrs["Content-Type"] == "application/json"
    return dutch.json(), atrs.json()


def test_every_demo_system_has_complete_valid_records_in_both_languages(client, demo):
    systems = list(AISystem.objects.filter(live=True).select_related("locale"))
    assert {s.slug for s in systems} >= {"metro-face-recognition"}
    assert {s.locale.language_code for s in systems} == {"en", "fr"}
    for system in systems:
        dutch, atrs = records(client, system)

        assert problems(dutch, permitted_overrides=OUR_LANGUAGES) == [], system
        assert dutch["lang"] == ISO_639_3[system.locale.language_code]
        assert dutch["name"] == system.name
        jsonschema.validate(atrs, ATRS_SCHEMA)
        assert atrs["language"] == system.locale.language_code
        assert atrs["tier_1_summary"]["name"] == system.name
        # Complete: nothing any standard asks for is missing.
        assert {s.slug: s.missing(system) for s in STANDARDS} == {s.slug: [] for s in STANDARDS}


def test_the_dutch_standard_still_admits_only_dutch():
    # When the standard admits English or French, drop OUR_LANGUAGES and the docs' note.
    assert RULES["lang"]["permitted_values"] == ["nld"]


def test_the_validators_refuse_what_the_standards_refuse(client):
    bad = {
        "name": "x" * 101,
        "status": "Misschien",
        "lang": "eng",
        "category": ["Verkeer", "Ruimte", "Werk", "Recht"],
        "goal": "<script>alert(1)</script>",
        "impacttoetsen_grouping": [{"title": "DPIA", "link": "https://e.org/" + "x" * 500}],
        "colour": "blue",
    }
    assert sorted(p.split(":")[0] for p in problems(bad)) == sorted(
        [
            "category",
            "category[1]",
            "colour",
            "contact_email",
            "description_short",
            "goal",
            "impacttoetsen_grouping[0].link",
            "lang",
            "name",
            "organization",
            "publication_category",
            "status",
        ]
    )
    system = make_ai_system("Bare card")
    _dutch, atrs = records(client, system)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(atrs, ATRS_SCHEMA)


def test_an_incomplete_card_exports_and_names_what_it_lacks(client):
    system = make_ai_system("Ranks claims " + "very " * 20, slug="ranking")

    dutch, atrs = records(client, system)

    too_long = f"name: {len(system.name)} characters, at most 100"
    assert too_long in problems(dutch, permitted_overrides=OUR_LANGUAGES)
    assert "contact_email: required" in problems(dutch, permitted_overrides=OUR_LANGUAGES)
    dutch_missing = STANDARDS[0].missing(system)
    assert "name: at most 100 characters" in dutch_missing
    assert "contact email" in dutch_missing
    assert "responsible team" in STANDARDS[1].missing(system)
    assert atrs["tier_2"]["owner_and_responsibility"]["team"] == ""


def test_a_french_card_is_exported_in_french_and_says_so(client, translated_card, french):
    english = translated_card
    dutch, atrs = records(client, AISystem.objects.get(locale=french))
    assert (dutch["lang"], dutch["name"]) == ("fra", "Notation du risque de fraude")
    assert (atrs["language"], atrs["tier_1_summary"]["name"]) == ("fr", dutch["name"])

    dutch, atrs = records(client, english)
    assert (dutch["lang"], dutch["name"]) == ("eng", "Fraud risk scoring")
    assert atrs["language"] == "en"


@pytest.mark.parametrize("standard", [s.slug for s in STANDARDS])
def test_drafts_and_withdrawn_cards_are_not_exported(client, standard):
    make_ai_system("Unfinished card", publish=False)
    make_ai_system("Withdrawn card")
    AISystem.objects.get(slug="withdrawn-card").unpublish()
    make_ai_system("Published card")

    assert client.get(f"/ai-systems/unfinished-card/{standard}.json").status_code == 404
    assert client.get(f"/ai-systems/withdrawn-card/{standard}.json").status_code == 404
    assert client.get(f"/ai-systems/published-card/{standard}.json").status_code == 200
    assert client.post(f"/ai-systems/published-card/{standard}.json").status_code == 405
