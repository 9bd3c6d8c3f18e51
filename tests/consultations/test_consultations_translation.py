"""A consultation translated with Wagtail's Translate action is the same consultation in two
languages: one set of dates, listed in each language, its AI card in the reader's language.

erin   an editor (Editors group, not a superuser) with an authenticator app
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import StandardPage
from consult.consultations.models import AISystem, ConsultationPage
from consult.outcomes.models import Decision, SummaryPage
from tests.consultations.test_consultations_admin import consultation_form

pytestmark = pytest.mark.django_db


def translate_page_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def published_french(page, french, **fields) -> ConsultationPage:
    translation = page.copy_for_translation(french)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


def test_editor_translates_a_consultation_into_french(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()
    client.force_login(erin)
    assert not erin.is_superuser

    assert translate_page_url(page) in client.get(edit_url(page)).content.decode()
    form = client.get(translate_page_url(page))
    assert form.status_code == 200
    response = client.post(translate_page_url(page), {"locales": [french.pk]})

    translation = ConsultationPage.objects.get(locale=french)
    assert response.status_code == 302
    assert response["Location"] == edit_url(translation)
    assert translation.translation_key == page.translation_key
    assert translation.ai_system_id == page.ai_system_id
    assert (translation.opens_at, translation.closes_at) == (page.opens_at, page.closes_at)


def test_editor_translates_an_ai_system_card(client, erin, french, make_system):
    system = make_system()
    client.force_login(erin)
    url = reverse(
        "simple_translation:submit_snippet_translation",
        args=["consultations", "aisystem", system.pk],
    )

    listing = client.get(reverse("wagtailsnippets_consultations_aisystem:list"))
    assert url in listing.content.decode()
    response = client.post(url, {"locales": [french.pk]})

    assert response.status_code == 302
    card = AISystem.objects.get(locale=french)
    assert card.translation_key == system.translation_key
    assert card.slug == system.slug


def test_editor_translates_a_standard_page(client, erin, home, french):
    home.copy_for_translation(french).save_revision().publish()
    page = home.add_child(instance=StandardPage(title="About us", slug="about"))
    client.force_login(erin)

    assert translate_page_url(page) in client.get(edit_url(page)).content.decode()
    client.post(translate_page_url(page), {"locales": [french.pk]})

    assert StandardPage.objects.get(locale=french).translation_key == page.translation_key


def test_editor_translates_a_summary_under_the_french_consultation(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(
        index_page, "Station cameras", system=make_system(), opens_in=timedelta(days=-40)
    )
    page.save_revision().publish()
    french_page = published_french(page, french, title="Caméras en gare")
    summary = SummaryPage(
        title="What we heard", what_we_heard="<p>Many asked.</p>", decision=Decision.PAUSE
    )
    page.add_child(instance=summary)
    summary.save_revision()
    client.force_login(erin)

    assert translate_page_url(summary) in client.get(edit_url(summary)).content.decode()
    client.post(translate_page_url(summary), {"locales": [french.pk]})

    french_summary = SummaryPage.objects.get(locale=french)
    assert french_summary.translation_key == summary.translation_key
    assert french_summary.get_parent().pk == french_page.pk


def test_a_translation_takes_its_dates_from_the_source_whatever_its_form_says(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    system = make_system()
    page = make_consultation(index_page, "Station cameras", system=system)
    page.save_revision().publish()
    translation = published_french(page, french, title="Caméras en gare")
    client.force_login(erin)
    editor = client.get(edit_url(translation)).content.decode()
    assert "Set on the source version of this consultation" in editor
    assert "Set on the source version" not in client.get(edit_url(page)).content.decode()

    form = consultation_form(
        system,
        title="Caméras en gare",
        slug=translation.slug,
        opens_at="2099-01-05 09:00",
        closes_at="2099-02-05 17:00",
    )
    response = client.post(edit_url(translation), form)

    assert response.status_code == 302
    translation.refresh_from_db()
    page.refresh_from_db()
    assert translation.title == "Caméras en gare"
    assert (translation.opens_at, translation.closes_at) == (page.opens_at, page.closes_at)


def test_a_translation_published_from_code_keeps_the_source_dates(
    index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()

    translation = published_french(page, french, closes_at=page.closes_at + timedelta(days=9))

    assert translation.closes_at == page.closes_at


def test_publishing_the_source_moves_its_translations_dates(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    system = make_system()
    page = make_consultation(index_page, "Station cameras", system=system)
    page.save_revision().publish()
    translation = published_french(page, french, title="Caméras en gare")
    client.force_login(erin)

    form = consultation_form(
        system,
        title="Station cameras",
        slug=page.slug,
        opens_at=(timezone.localtime() - timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
        closes_at=(timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
    )
    response = client.post(edit_url(page), form)

    assert response.status_code == 302
    page.refresh_from_db()
    translation.refresh_from_db()
    assert (translation.opens_at, translation.closes_at) == (page.opens_at, page.closes_at)
    assert translation.live_revision.as_object().closes_at == page.closes_at
    assert "Station cameras</a>" in client.get("/consultations/?status=closed").content.decode()
    closed_in_french = client.get("/fr/consultations/?status=closed").content.decode()
    assert "Caméras en gare</a>" in closed_in_french


def test_each_language_lists_its_version_and_the_switch_links_the_two(
    client, index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()
    published_french(page, french, title="Caméras en gare")

    english = client.get("/consultations/").content.decode()
    french_list = client.get("/fr/consultations/").content.decode()
    assert "Station cameras</a>" in english and "Caméras en gare" not in english
    assert "Caméras en gare</a>" in french_list and "Station cameras</a>" not in french_list
    assert 'href="/fr/consultations/station-cameras/"' in client.get(page.url).content.decode()
    assert (
        'href="/consultations/station-cameras/"'
        in client.get("/fr/consultations/station-cameras/").content.decode()
    )


def test_the_export_list_names_a_translated_consultation_once(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()
    published_french(page, french, title="Caméras en gare")
    client.force_login(erin)

    html = client.get(reverse("exports_index")).content.decode()

    assert html.count("Station cameras") == 1
    assert "Caméras en gare" not in html


def test_french_page_shows_the_english_card_with_a_note_until_it_is_translated(
    client, index_page, french_index, french, make_system, make_consultation
):
    system = make_system()
    page = make_consultation(index_page, "Station cameras", system=system)
    page.save_revision().publish()
    published_french(page, french, title="Caméras en gare")
    note = "Cette description n'est pas encore disponible en français."

    untranslated = client.get("/fr/consultations/station-cameras/").content.decode()
    assert note in untranslated
    assert 'lang="en"' in untranslated
    assert "Benefit fraud risk scoring</h2>" in untranslated
    assert "not yet available" not in client.get(page.url).content.decode()

    card = system.copy_for_translation(french)
    card.name = "Notation du risque de fraude"
    card.save()
    card.save_revision().publish()

    translated = client.get("/fr/consultations/station-cameras/").content.decode()
    assert "Notation du risque de fraude</h2>" in translated
    assert note not in translated


def test_the_french_register_marks_an_untranslated_card(client, home, french, make_system):
    home.copy_for_translation(french).save_revision().publish()
    system = make_system()
    note = "Cette description n'est pas encore disponible en français."

    untranslated = client.get(f"/fr/ai-systems/{system.slug}/").content.decode()
    assert note in untranslated
    assert f'<h1 lang="en">{system.name}</h1>' in untranslated
    assert "not yet available" not in client.get(f"/ai-systems/{system.slug}/").content.decode()

    card = system.copy_for_translation(french)
    card.name = "Notation du risque de fraude"
    card.save()
    card.save_revision().publish()
    translated = client.get(f"/fr/ai-systems/{system.slug}/").content.decode()
    assert "<h1>Notation du risque de fraude</h1>" in translated
    assert note not in translated
