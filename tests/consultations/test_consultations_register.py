"""The public register of AI systems at /ai-systems/, its filters, languages and history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consult.consultations import impact
from consult.consultations.fields import AnswerField
from consult.consultations.models import AISystem

pytestmark = pytest.mark.django_db

HIGH_ANSWERS = {
    "impact_decision_area": "enforcement",
    "impact_reversibility": "irreversible",
    "impact_duration": "lasting",
    "impact_scale": "population",
    "impact_vulnerable_groups": "mainly",
    "impact_automation": "automatic",
    "impact_personal_data": "sensitive",
    "impact_explainability": "opaque",
    "impact_novelty": "novel",
    "impact_rights": "directly",
}


def names(response) -> list[str]:
    return [system.name for system in response.context["systems"]]


def test_register_lists_published_cards_not_drafts(client, make_system):
    make_system("Benefit fraud risk scoring")
    make_system("Unfinished card", publish=False)

    response = client.get("/ai-systems/")

    assert response.status_code == 200
    assert names(response) == ["Benefit fraud risk scoring"]
    html = response.content.decode()
    assert "Unfinished card" not in html
    assert 'href="/ai-systems/benefit-fraud-risk-scoring/"' in html
    assert client.get("/ai-systems/unfinished-card/").status_code == 404


def test_a_draft_of_a_published_card_does_not_change_the_register(client, make_system):
    system = make_system("Benefit fraud risk scoring")
    system.name = "Renamed in a draft"
    system.save_revision()

    response = client.get("/ai-systems/benefit-fraud-risk-scoring/")

    assert response.context["system"].name == "Benefit fraud risk scoring"
    assert "Renamed in a draft" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Chatbot", "Face matching", "Risk scoring"]),
        ({"phase": "pilot"}, ["Chatbot"]),
        ({"level": "1"}, ["Chatbot", "Risk scoring"]),
        ({"level": "4"}, ["Face matching"]),
        ({"biometric": "yes"}, ["Face matching"]),
        ({"biometric": "no"}, ["Chatbot", "Risk scoring"]),
        ({"moderation": "yes"}, ["Chatbot"]),
        ({"moderation": "yes", "phase": "deployed"}, []),
        ({"phase": "bogus", "level": "9"}, ["Chatbot", "Face matching", "Risk scoring"]),
    ],
)
def test_register_filters(client, make_system, query, expected):
    make_system("Risk scoring", lifecycle_phase="deployed")
    make_system(
        "Face matching",
        is_remote_biometric_identification=True,
        lifecycle_phase="proposed",
        **HIGH_ANSWERS,
    )
    make_system("Chatbot", is_automated_content_moderation=True, lifecycle_phase="pilot")

    response = client.get("/ai-systems/", query)

    assert response.status_code == 200
    assert names(response) == expected


def test_register_filters_work_without_javascript(client, make_system):
    html = client.get("/ai-systems/").content.decode()

    assert '<form method="get"' in html
    for name in ("phase", "level", "biometric", "moderation"):
        assert f'name="{name}"' in html
    assert '<button type="submit">' in html


def test_french_register_shows_translations_and_falls_back_to_english(client, french, make_system):
    english = make_system("Face matching")
    translation = english.copy_for_translation(french)
    translation.name = "Reconnaissance faciale"
    translation.plain_language_explainer = "Des caméras comparent les visages."
    translation.save()
    translation.save_revision().publish()
    make_system("Chatbot")

    listing = client.get("/fr/ai-systems/")
    detail = client.get("/fr/ai-systems/face-matching/")
    untranslated = client.get("/fr/ai-systems/chatbot/")

    assert names(listing) == ["Chatbot", "Reconnaissance faciale"]
    assert '<html lang="fr">' in listing.content.decode()
    assert detail.context["system"].name == "Reconnaissance faciale"
    assert "Des caméras comparent les visages." in detail.content.decode()
    assert untranslated.context["system"].name == "Chatbot"
    assert names(client.get("/ai-systems/")) == ["Chatbot", "Face matching"]


def test_detail_shows_the_card_the_impact_method_and_its_consultations(
    client, index_page, make_system, make_consultation
):
    system = make_system("Face matching", **HIGH_ANSWERS)
    make_consultation(index_page, "Cameras at stations", system=system)
    make_consultation(index_page, "Not about this", system=make_system("Other"))

    response = client.get("/ai-systems/face-matching/")

    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "Level IV: very high impact" in html
    assert "A score of 40.0 out of 40, 100.0% of the maximum" in html
    assert "When the mitigation score reaches 80% of its maximum" in html
    assert [page.title for page in response.context["consultations"]] == ["Cameras at stations"]


def test_unknown_card_is_a_real_404(client, db):
    response = client.get("/ai-systems/no-such-system/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]


def test_history_lists_published_versions_and_what_changed(client, make_system):
    system = make_system("Face matching", lifecycle_phase="proposed")
    system.lifecycle_phase = "pilot"
    system.supplier = "Acme Vision"
    system.purpose = "A much longer and different purpose."
    system.save_revision().publish()
    system.name = "Draft name, never published"
    system.save_revision()
    system.refresh_from_db()
    system.impact_scale = "population"
    system.impact_rights = "directly"
    system.impact_reversibility = "irreversible"
    system.impact_decision_area = "enforcement"
    system.save_revision().publish()

    response = client.get("/ai-systems/face-matching/")

    history = response.context["history"]
    assert [version.first for version in history] == [False, False, True]
    latest, middle, _first = history
    assert ("Impact level", "I", "II") in {(c.label, c.before, c.after) for c in latest.changes}
    assert ("Number of people affected", "Fewer than 1,000", "More than 1 million") in {
        (c.label, c.before, c.after) for c in latest.changes
    }
    middle_changes = {c.label: (c.before, c.after) for c in middle.changes}
    assert middle_changes == {
        "Lifecycle phase": ("Proposed", "Pilot"),
        "Supplier": ("—", "Acme Vision"),
        "Purpose": (None, None),
    }
    html = response.content.decode()
    assert "Lifecycle phase: “Proposed” became “Pilot”." in html
    assert "Purpose was changed." in html
    assert "Draft name" not in html


def test_detail_runs_a_fixed_number_of_queries(client, index_page, make_system, make_consultation):
    system = make_system("Face matching")
    make_consultation(index_page, "First round", system=system)

    def count_queries() -> int:
        client.get("/ai-systems/face-matching/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/ai-systems/face-matching/").status_code == 200
        return len(queries)

    few = count_queries()
    for number in range(8):
        system.supplier = f"Supplier {number}"
        system.save_revision().publish()
        make_consultation(index_page, f"Round {number}", system=system)
    assert count_queries() == few


def test_every_impact_question_has_exactly_one_field_on_the_card():
    answer_fields = {
        field.name for field in AISystem._meta.fields if isinstance(field, AnswerField)
    }
    assert answer_fields == {question.field_name for question in impact.QUESTIONS}
