"""Editors build consultations and AI system cards through the Wagtail admin."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage
from consult.outcomes.models import SummaryPage
from tests.factories import LOW_ANSWERS

pytestmark = pytest.mark.django_db


def add_page_url(parent) -> str:
    return reverse("wagtailadmin_pages:add", args=("consultations", "consultationpage", parent.pk))


def consultation_form(system, **overrides) -> dict:
    data = {
        "title": "Facial recognition at stations",
        "slug": "facial-recognition-at-stations",
        "summary": "The transport authority plans to identify wanted people at stations.",
        "ai_system": str(system.pk),
        "opens_at": "2026-01-05 09:00",
        "closes_at": "2099-02-05 17:00",
        "moderation_mode": "pre",
        "body": streamfield(
            [
                ("heading", "What is planned"),
                ("paragraph", rich_text("<p>Cameras at the ten busiest stations.</p>")),
            ]
        ),
        "documents": inline_formset([]),
        "questions": streamfield(
            [
                (
                    "single_choice",
                    {
                        "prompt": "Should it go ahead?",
                        "help_text": "",
                        "required": "on",
                        "choices": {
                            "count": "2",
                            "0": {"value": "Yes", "deleted": "", "order": "0"},
                            "1": {"value": "No", "deleted": "", "order": "1"},
                        },
                    },
                ),
                ("long_text", {"prompt": "Why?", "help_text": "", "required": ""}),
            ]
        ),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_and_publishes_a_consultation(client, erin, index_page, make_system):
    system = make_system()
    client.force_login(erin)

    response = client.post(add_page_url(index_page), consultation_form(system))

    assert response.status_code == 302, response.context["form"].errors
    page = ConsultationPage.objects.get(slug="facial-recognition-at-stations")
    assert page.live
    assert page.ai_system == system
    assert page.moderation_mode == "pre"
    assert [block.block_type for block in page.questions] == ["single_choice", "long_text"]
    assert list(page.questions[0].value["choices"]) == ["Yes", "No"]

    listing = client.get("/consultations/")
    assert "Facial recognition at stations" in listing.content.decode()
    detail = client.get("/consultations/facial-recognition-at-stations/")
    assert detail.status_code == 200
    assert "Should it go ahead?" in detail.content.decode()


def test_editor_without_mfa_is_kept_out_of_the_admin(client, erin, index_page):
    erin.authenticator_set.all().delete()
    client.force_login(erin)

    response = client.get(add_page_url(index_page))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_the_date_fields_name_their_time_zone(client, erin, index_page):
    client.force_login(erin)

    page = client.get(add_page_url(index_page)).content.decode()

    assert "Times are Paris time (Europe/Paris)." in page


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"opens_at": "not a date"}, "opens_at"),
        ({"closes_at": "2026-13-45 25:99"}, "closes_at"),
        ({"opens_at": ""}, "opens_at"),
        # Closing before (or when) it opens.
        ({"opens_at": "2026-03-01 09:00", "closes_at": "2026-02-01 09:00"}, "closes_at"),
        ({"opens_at": "2026-03-01 09:00", "closes_at": "2026-03-01 09:00"}, "closes_at"),
    ],
)
def test_bad_dates_are_form_errors(client, erin, index_page, make_system, overrides, field):
    client.force_login(erin)

    response = client.post(add_page_url(index_page), consultation_form(make_system(), **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ConsultationPage.objects.exists()


def test_publishing_needs_an_ai_system_but_a_draft_does_not(client, erin, index_page):
    client.force_login(erin)
    data = consultation_form(AISystem(pk=0), ai_system="")

    # Publishing is refused, and the editor's work kept as a draft, with the reason.
    refused = client.post(add_page_url(index_page), data, follow=True)
    html = refused.content.decode()
    assert "Your changes are saved as a draft, but the page is not published." in html
    assert "AI system: This field is required." in html
    assert "could not be created" not in html
    assert not ConsultationPage.objects.get().live

    data.pop("action-publish")
    data["slug"] = "a-draft"
    saved = client.post(add_page_url(index_page), data)
    assert saved.status_code == 302
    assert not ConsultationPage.objects.filter(live=True).exists()


def test_editors_can_only_build_the_sensible_tree(client, erin, home, index_page):
    client.force_login(erin)

    refused = client.get(add_page_url(home))

    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert client.get(add_page_url(index_page)).status_code == 200
    assert ConsultationPage.allowed_parent_page_models() == [ConsultationIndexPage]
    # Its one child is the summary of what was heard (consult.outcomes).
    assert ConsultationPage.allowed_subpage_models() == [SummaryPage]
    assert ConsultationIndexPage.allowed_subpage_models() == [ConsultationPage]
    assert [model._meta.label for model in ConsultationIndexPage.allowed_parent_page_models()] == [
        "cms.HomePage"
    ]
    assert not ConsultationIndexPage.can_create_at(index_page)


# --- The AI system card ----------------------------------------------------------------------


def card_form(**overrides) -> dict:
    data = {
        "name": "Station face matching",
        "slug": "",
        "plain_language_explainer": "Cameras compare faces with a watch list.",
        "deploying_body": "Transport authority",
        "supplier": "",
        "purpose": "Find wanted people.",
        "scope": "",
        "not_for": "",
        "model_type": "",
        "lifecycle_phase": "proposed",
        "decision_mode": "decision_support",
        "human_oversight": "",
        "redress": "",
        "data_categories": ["personal", "biometric"],
        "data_sources": "",
        "people_affected": "",
        "affected_groups": ["affected"],
        "rights_at_risk": ["privacy", "assembly"],
        "is_remote_biometric_identification": "on",
        "impact_assessment_links-count": "0",
        "risks_and_mitigations": "",
        **LOW_ANSWERS,
        "action-publish": "action-publish",
    }
    data.update(overrides)
    return data


def card_add_url() -> str:
    return reverse("wagtailsnippets_consultations_aisystem:add") + "?locale=en"


def test_editor_publishes_a_card(client, erin):
    client.force_login(erin)

    response = client.post(card_add_url(), card_form())

    assert response.status_code == 302, response.context["form"].errors
    system = AISystem.objects.get()
    assert system.live
    assert system.slug == "station-face-matching"
    assert system.data_categories == ["personal", "biometric"]
    assert system.rights_at_risk == ["privacy", "assembly"]
    assert system.is_remote_biometric_identification
    assert system.locale == Locale.get_default()
    assert client.get("/ai-systems/station-face-matching/").status_code == 200


@pytest.mark.parametrize("missing", ["plain_language_explainer", "impact_scale"])
def test_publishing_a_card_without_its_explainer_or_assessment_is_refused(client, erin, missing):
    client.force_login(erin)

    response = client.post(card_add_url(), card_form(**{missing: ""}))

    assert response.status_code == 200
    assert missing in response.context["form"].errors
    assert not AISystem.objects.exists()


def test_a_draft_card_may_lack_the_explainer(client, erin):
    client.force_login(erin)
    data = card_form(plain_language_explainer="", impact_scale="")
    data.pop("action-publish")

    response = client.post(card_add_url(), data)

    assert response.status_code == 302
    system = AISystem.objects.get()
    assert not system.live
    assert system.plain_language_explainer == ""
    assert client.get("/ai-systems/station-face-matching/").status_code == 404


def test_a_card_with_an_unknown_right_is_refused(client, erin):
    client.force_login(erin)

    response = client.post(card_add_url(), card_form(rights_at_risk=["privacy", "flying"]))

    assert response.status_code == 200
    assert "rights_at_risk" in response.context["form"].errors


def test_card_edit_form_shows_the_impact_questions_with_their_help(client, erin, make_system):
    system = make_system()
    client.force_login(erin)

    response = client.get(reverse("wagtailsnippets_consultations_aisystem:edit", args=[system.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "How easily the effects of a wrong decision can be undone." in html
    assert 'type="radio" name="impact_reversibility"' in html


def test_editor_finds_a_card_by_searching_the_admin_list(client, erin, make_system):
    make_system("Benefit fraud risk scoring")
    make_system("Chatbot")
    client.force_login(erin)

    response = client.get(reverse("wagtailsnippets_consultations_aisystem:list"), {"q": "fraud"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Benefit fraud risk scoring" in html
    assert "Chatbot" not in html


def test_the_editor_lists_what_publishing_still_needs(client, erin, index_page, make_system):
    client.force_login(erin)
    data = consultation_form(AISystem(pk=0), ai_system="")
    del data["action-publish"]
    client.post(add_page_url(index_page), data)
    page = ConsultationPage.objects.get()
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])

    html = client.get(edit).content.decode()
    assert "Before publishing" in html
    assert "<strong>Content</strong>: AI system" in html

    page.ai_system = make_system()
    page.save_revision()
    html = client.get(edit).content.decode()
    assert "Nothing is missing: the consultation can be published." in html


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("body-count", None),  # the stream's count left out
        ("body-1-value", "{not json"),  # a paragraph's rich text
        ("body-0-order", "first"),
        ("questions-0-value-choices-count", "two"),  # a list inside a block
    ],
)
def test_a_malformed_stream_is_a_form_error_not_a_server_error(
    erin, index_page, make_system, key, value
):
    client = Client(raise_request_exception=False)
    client.force_login(erin)
    data = consultation_form(make_system())
    assert key in data
    if value is None:
        del data[key]
    else:
        data[key] = value

    response = client.post(add_page_url(index_page), data)

    assert response.status_code == 200
    assert "did not arrive whole" in response.content.decode()
    assert not ConsultationPage.objects.filter(slug="facial-recognition-at-stations").exists()
