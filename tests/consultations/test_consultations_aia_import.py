"""An editor imports an assessment saved by the official AIA tool on the card's editor; the
card then shows the tool's scores and level, and the checklist of what that level requires."""

from html import unescape

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

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


def import_file(client, system, content: bytes, **fields):
    return client.post(edit_url(system), card_form(aia_file=upload(content), **fields))


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
    del data["action-publish"]

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
    response = client.post(edit_url(card), card_form(aia_obligations_done=done))

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
