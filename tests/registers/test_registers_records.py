"""Each card's records under the Dutch Algoritmeregister standard and the UK ATRS, at
/ai-systems/<slug>/algoritmeregister.json and atrs.json: valid under each standard's rules,
in the card's own language, and only for published cards."""

from html import unescape

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
        # Complete: nothing any standard asks for is missing. Only the metro system is
        # high-risk in the demo, and so has the impact assessment the EU record summarises.
        complete = [s for s in STANDARDS if s.slug != "eu-registration"]
        if system.slug == "metro-face-recognition":
            complete = STANDARDS
        assert {s.slug: s.missing(system) for s in complete} == {s.slug: [] for s in complete}


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


# An official assessment ticking four areas of decision, three of which name a Dutch policy
# area beyond doubt (economic interests spans several).
OFFICIAL = {
    "aia_answers": {
        "impact30": "item2-2",
        "decisionSector1": ["item8-1", "item2-1", "item1-1", "item3-1"],
    },
    "aia_tool_version": "v1.0.1",
}
LINKS = [
    ("link", {"title": "Data protection & equality assessment", "url": "https://e.org/dpia"}),
    ("link", {"title": "Equality assessment", "url": "https://e.org/equality"}),
]


def test_the_dutch_record_holds_every_field_of_the_standard(client):
    dutch, _atrs = records(client, make_ai_system("Bare card"))

    assert list(dutch) == list(RULES)


def test_the_dutch_record_fills_what_the_card_says_faithfully(client, settings):
    system = make_ai_system(
        "Claims triage",
        contact_email="algorithms@example.org",
        publication_category="impactful",
        rights_at_risk=["privacy", "due_process"],
        data_categories=["personal", "special_category"],
        impact_assessment_links=LINKS,
        **OFFICIAL,
    )

    dutch, _atrs = records(client, system)

    assert problems(dutch, permitted_overrides=OUR_LANGUAGES) == []
    assert dutch["url"] == f"{settings.WAGTAILADMIN_BASE_URL}/ai-systems/claims-triage/"
    assert client.get(dutch["url"].removeprefix(settings.WAGTAILADMIN_BASE_URL)).status_code == 200
    # In the tool's order; economic interests names no single policy area.
    assert dutch["category"] == [
        "Zorg en gezondheid",
        "Sociale zekerheid",
        "Openbare orde en veiligheid",
    ]
    assert dutch["tags"] == "Privacy, Due process, Personal data, Special-category data"
    assert dutch["impacttoetsen"] == (
        "<ul><li>Algorithmic Impact Assessment of the Government of Canada, official tool "
        "v1.0.1: Level I: little to no impact</li>"
        "<li>Data protection &amp; equality assessment</li><li>Equality assessment</li></ul>"
    )
    assert [item["link"] for item in dutch["impacttoetsen_grouping"]] == [
        "https://e.org/dpia",
        "https://e.org/equality",
    ]
    # Nothing on the card can fill these faithfully (docs/registers.md).
    assert dutch["lawful_basis_grouping"] == dutch["source_data_grouping"] == []
    assert dutch["process_index_url"] == ""


@pytest.mark.parametrize(
    ("decision_area", "category"),
    [
        ("internal", ["Organisatie en bedrijfsvoering"]),
        ("information", []),
        ("benefits", []),
        ("enforcement", []),
    ],
)
def test_without_an_official_assessment_the_category_follows_the_cards_own_answer(
    client, decision_area, category
):
    system = make_ai_system("Own answers", impact_decision_area=decision_area)

    dutch, _atrs = records(client, system)

    assert dutch["category"] == category
    assert unescape(dutch["impacttoetsen"]).startswith(
        "<ul><li>Consult's impact questionnaire, modelled on Canada's Algorithmic Impact "
        "Assessment: Level"
    )


def test_the_dutch_record_of_a_french_card_writes_its_own_texts_in_french(
    client, translated_card, french, settings
):
    AISystem.objects.filter(locale=french).update(
        rights_at_risk=["privacy", "assembly"], data_categories=["biometric"]
    )
    french_card = AISystem.objects.get(locale=french)

    dutch, _atrs = records(client, french_card)

    assert dutch["url"] == f"{settings.WAGTAILADMIN_BASE_URL}/fr/ai-systems/fraud-scoring/"
    assert dutch["tags"] == "Vie privée, Liberté de réunion, Données biométriques"
    assert unescape(dutch["impacttoetsen"]).startswith("<ul><li>Questionnaire d'impact de Consult")
    # The reader's language does not change the record's.
    english, _atrs = records(client, translated_card)
    assert unescape(english["impacttoetsen"]).startswith("<ul><li>Consult's impact questionnaire")


def test_the_validators_check_each_filled_field():
    filled = {
        "category": ["Zorg en gezondheid", "Sport"],
        "url": "https://e.org/" + "x" * 500,
        "impacttoetsen": "<ul><li><a href='https://e.org'>DPIA</a></li></ul>",
        "tags": "x" * 2501,
    }

    found = {problem.split(":")[0] for problem in problems(filled)}

    assert {"category[1]", "url", "impacttoetsen", "tags"} <= found


def test_the_dutch_record_names_and_links_the_published_rights_assessment(client, demo, settings):
    for prefix, title in (
        ("", "Fundamental rights impact assessment"),
        ("/fr", "Analyse d'impact sur les droits fondamentaux"),
    ):
        dutch = client.get(f"{prefix}/ai-systems/metro-face-recognition/algoritmeregister.json")

        fria = f"{settings.WAGTAILADMIN_BASE_URL}{prefix}/ai-systems/metro-face-recognition/fria/"
        assert {"title": title, "link": fria} in dutch.json()["impacttoetsen_grouping"]
        assert f"<li>{title}</li>" in unescape(dutch.json()["impacttoetsen"])
        assert client.get(fria.removeprefix(settings.WAGTAILADMIN_BASE_URL)).status_code == 200
