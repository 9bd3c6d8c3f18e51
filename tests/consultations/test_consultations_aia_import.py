"""An editor imports an assessment saved by the official AIA tool on the card's editor; the
card then shows the tool's scores and level, and the checklist of what that level requires."""

import json
from html import unescape

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from consult.consultations import impact
from consult.consultations.impact import ImpactLevel
from consult.consultations.models import AISystem
from tests.consultations.aia_helpers import ONE_RAW_POINT, results_file, upload
from tests.consultations.test_consultations_admin import card_add_url, card_form

pytestmark = pytest.mark.django_db

CARD_URL = "/ai-systems/station-face-matching/"


@pytest.fixture
def card(client, erin) -> AISystem:
    client.force_login(erin)
    assert client.post(card_add_url(), card_form()).status_code == 302
    return AISystem.objects.get()


def edit_url(system) -> str:
    return reverse("wagtailsnippets_consultations_aisystem:edit", args=[system.pk])


# Every file in aia_files/ declares full automation (impact30), which a card deciding by
# "decision support" contradicts.
AGREEING_MODE = {"decision_mode": "fully_automated"}
IN_HOUSE_UNANSWERED = {question.field_name: "" for question in impact.QUESTIONS}


def import_file(client, system, content: bytes, **fields):
    return client.post(
        edit_url(system), card_form(aia_file=upload(content), **{**AGREEING_MODE, **fields})
    )


def test_an_imported_assessment_gives_the_card_the_official_scores_and_level(client, card):
    assert card.assessment.level == ImpactLevel.I  # the card's own questions, all at their lowest

    response = import_file(client, card, results_file("raw-98-mitigation-62.json", **ONE_RAW_POINT))

    assert response.status_code == 302, response.context["form"].errors
    card = AISystem.objects.get()
    assert card.aia_tool_version == "v1.0.1"
    assert card.aia_answers["riskProfile3"] == "item1-1"
    assert card.assessment.level == ImpactLevel.III
    editor = client.get(edit_url(card)).content.decode()
    assert "From the assessment imported from the official AIA tool" in editor
    assert "<dt>Raw impact score</dt><dd>99 of 167</dd>" in editor
    assert "<dt>Mitigation score</dt><dd>62 of 77</dd>" in editor
    assert "<dt>Current score</dt><dd>84</dd>" in editor
    public = client.get(CARD_URL).content.decode()
    assert "Impact: Level III: high impact" in public
    assert "Score 84 of 167." in public
    assert "<dt>Raw impact score</dt><dd>99 of 167</dd>" in public
    assert "file saved by version v1.0.1" in public
    assert "Impact level III" in client.get("/ai-systems/").content.decode()


def test_a_draft_import_does_not_change_the_public_card(client, card):
    data = card_form(aia_file=upload(results_file("raw-125.json", **ONE_RAW_POINT)))
    del data["action-publish"]  # a draft: "decision support" may disagree with the file

    assert client.post(edit_url(card), data).status_code == 302

    assert "Level IV" in client.get(edit_url(card)).content.decode()
    assert "Impact: Level I:" in client.get(CARD_URL).content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json at all", "This file is not JSON."),
        (b'{"version": "v1.0.1", "currentPage": 2}', "no “data” object with the answers"),
        (b'{"version": "v1.0.1", "data": {"impact99": "item1-4"}}', "does not ask: “impact99”"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_changes_nothing(client, card, content, message):
    import_file(client, card, results_file("raw-41.json"))
    card.refresh_from_db()
    before = (card.aia_answers, card.aia_tool_version, card.revisions.count())

    response = import_file(client, card, content, name="Renamed")

    assert response.status_code == 200
    (error,) = response.context["form"].errors["aia_file"]
    assert message in error
    card.refresh_from_db()
    assert (card.aia_answers, card.aia_tool_version, card.revisions.count()) == before
    assert card.name == "Station face matching"


def test_removing_the_import_brings_back_the_cards_own_level(client, card):
    import_file(client, card, results_file("raw-125.json", **ONE_RAW_POINT))

    client.post(edit_url(card), card_form(aia_remove="on"))

    card.refresh_from_db()
    assert (card.aia_answers, card.aia_tool_version) == ({}, "")
    assert "Impact: Level I:" in client.get(CARD_URL).content.decode()


def test_editors_tick_the_levels_requirements_and_the_public_sees_which_are_met(client, card):
    import_file(client, card, results_file("raw-83.json", **ONE_RAW_POINT))  # level III

    done = ["human_final_decision", "recourse"]
    response = client.post(edit_url(card), card_form(aia_obligations_done=done, **AGREEING_MODE))

    assert response.status_code == 302, response.context["form"].errors
    html = client.get(CARD_URL).content.decode()
    assert html.count('<span class="badge badge--open">Done</span>') == 2
    assert html.count('<span class="badge badge--closed">Not yet</span>') == 6
    assert "A person makes the final decision" in html
    assert "The head of the body (in Canada, the deputy head) approves" in html
    assert "Treasury Board" not in html  # level IV's approval


def test_a_requirement_of_another_level_cannot_be_ticked(client, card):
    response = client.post(
        edit_url(card), card_form(aia_obligations_done=["peer_review_two_experts"])
    )

    assert response.status_code == 200
    assert "aia_obligations_done" in response.context["form"].errors
    card.refresh_from_db()
    assert card.aia_obligations_done == []


def test_the_public_history_notes_the_level_the_import_changed(client, card):
    import_file(client, card, results_file("raw-147-mitigation-62.json", **ONE_RAW_POINT))

    html = client.get(CARD_URL).content.decode()

    assert "Impact level: “I” became “IV”." in html
    assert "Version of the official impact assessment tool: “—” became “v1.0.1”." in html


def test_in_french_the_refusal_and_the_card_speak_french(client, card, erin, french):
    UserProfile.objects.update_or_create(user=erin, defaults={"preferred_language": "fr"})

    refused = import_file(client, card, b"{")
    import_file(client, card, results_file("raw-41.json"), aia_obligations_done=["notice"])

    assert "Ce fichier n'est pas du JSON." in refused.context["form"].errors["aia_file"][0]
    html = unescape(client.get(f"/fr{CARD_URL}").content.decode())
    assert "Ce que ce niveau exige" in html
    assert "<dt>Score d'impact brut</dt><dd>41 sur 167</dd>" in html
    assert '<span class="badge badge--open">Réalisé</span>' in html
    assert html.count('<span class="badge badge--closed">Pas encore</span>') == 5


def test_a_card_with_an_official_assessment_publishes_without_its_own_answers(client, erin):
    client.force_login(erin)
    data = card_form(aia_file=upload(results_file("raw-41.json")), **AGREEING_MODE)
    data.update(IN_HOUSE_UNANSWERED)

    response = client.post(card_add_url(), data)

    assert response.status_code == 302, response.context["form"].errors
    card = AISystem.objects.get()
    assert card.live and card.assessment.official
    assert set(card.impact_answers.values()) == {""}
    editor = client.get(edit_url(card)).content.decode()
    assert "Nothing is missing: the card can be published." in editor
    assert "The card's own impact questions are not needed" in editor
    # Published again later, the kept import still stands in for the unanswered questions.
    again = client.post(edit_url(card), {**data, "aia_file": "", "name": "Renamed"})
    assert again.status_code == 302, again.context["form"].errors
    assert "Renamed" in client.get(CARD_URL).content.decode()


def test_without_an_official_assessment_publishing_needs_the_cards_own_answers(client, card):
    response = client.post(edit_url(card), card_form(**IN_HOUSE_UNANSWERED))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == set(IN_HOUSE_UNANSWERED)
    import_file(client, card, results_file("raw-41.json"), **IN_HOUSE_UNANSWERED)
    card.refresh_from_db()
    assert card.live and card.aia_answers
    removed = client.post(edit_url(card), card_form(aia_remove="on", **IN_HOUSE_UNANSWERED))
    assert set(removed.context["form"].errors) == set(IN_HOUSE_UNANSWERED)
    card.refresh_from_db()
    assert card.aia_answers  # the refused removal changed nothing


@pytest.mark.parametrize(
    ("declared", "mode", "refused"),
    [
        ("item1-4", "fully_automated", False),
        ("item1-4", "human_in_the_loop", False),
        ("item1-4", "decision_support", True),
        ("item2-2", "decision_support", False),
        ("item2-2", "human_in_the_loop", False),
        ("item2-2", "fully_automated", True),
    ],
)
def test_publishing_checks_how_it_decides_against_the_official_answer(
    client, card, declared, mode, refused
):
    # The card's own automation answer ("informs a person who decides") is not what counts.
    content = results_file("raw-41.json", impact30=declared)

    response = import_file(client, card, content, decision_mode=mode)

    card.refresh_from_db()
    if refused:
        (error,) = response.context["form"].errors["decision_mode"]
        assert "The imported official assessment declares" in error
        assert not card.aia_answers
    else:
        assert response.status_code == 302, response.context["form"].errors
        assert (card.decision_mode, bool(card.aia_answers)) == (mode, True)
        assert "Publishing checks “How it decides”" in client.get(edit_url(card)).content.decode()


def test_a_file_silent_on_automation_skips_the_check_and_says_so(client, card):
    saved = json.loads(results_file("raw-41.json"))
    del saved["data"]["impact30"]

    response = import_file(
        client, card, json.dumps(saved).encode(), decision_mode="decision_support"
    )

    assert response.status_code == 302, response.context["form"].errors
    editor = unescape(client.get(edit_url(card)).content.decode())
    assert "Publishing does not check “How it decides”: this assessment does not say" in editor
