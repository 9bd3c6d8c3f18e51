"""Plain language, measured (issue 17): the reading ease of the AI system card's explainer
and of each summary, stored when saved, shown to editors against the B1 target (a warning,
never a refusal) and to the public beside the text, in English and French."""

from django.urls import reverse

from consult.core.readability import TARGETS, reading_ease_score
from consult.outcomes.models import CommentTheme, SummaryPage
from tests import factories
from tests.outcomes.conftest import add_summary, comment

PLAIN = "A computer ranks claims. A person checks the top ones. You can ask why."
DENSE = (
    "Algorithmically determined prioritisation of administrative investigations "
    "notwithstanding, institutional accountability considerations necessitate "
    "comprehensive documentation of probabilistic classification methodologies "
    "and their organisational implementation characteristics."
)
PLAIN_FR = (
    "Un ordinateur classe les demandes. Une personne vérifie les premières. "
    "Vous pouvez demander pourquoi."
)


def test_the_scale_gives_plain_texts_high_scores_and_dense_ones_low():
    assert reading_ease_score(PLAIN, "en") >= TARGETS["en"]
    assert reading_ease_score(DENSE, "en") < TARGETS["en"]
    assert reading_ease_score(PLAIN_FR, "fr") >= TARGETS["fr"]
    # Kandel and Moles' constants and French syllables: not the English score of the text.
    assert reading_ease_score(PLAIN_FR, "fr") != reading_ease_score(PLAIN_FR, "en")
    assert reading_ease_score("<p> </p>", "en") is None


def test_the_card_stores_its_score_when_saved(db):
    card = factories.make_ai_system(plain_language_explainer=PLAIN)
    card.refresh_from_db()
    assert card.plain_language_reading_ease == reading_ease_score(PLAIN, "en")

    card.plain_language_explainer = DENSE
    card.save()
    card.refresh_from_db()
    assert card.plain_language_reading_ease == reading_ease_score(DENSE, "en")


def test_editors_are_warned_below_the_target_and_may_still_publish(client, edith):
    card = factories.make_ai_system(plain_language_explainer=DENSE)
    client.force_login(edith)
    edit = reverse("wagtailsnippets_consultations_aisystem:edit", args=[card.pk])

    html = client.get(edit).content.decode()

    score = reading_ease_score(DENSE, "en")
    assert f"{score} out of 100" in html
    assert "Below the plain-language target" in html
    assert "target 60+" in html
    card.refresh_from_db()
    assert card.live  # published all the same


def test_no_warning_at_or_above_the_target(client, edith):
    card = factories.make_ai_system(plain_language_explainer=PLAIN)
    client.force_login(edith)
    html = client.get(
        reverse("wagtailsnippets_consultations_aisystem:edit", args=[card.pk])
    ).content.decode()
    assert "Below the plain-language target" not in html
    assert f"{reading_ease_score(PLAIN, 'en')} out of 100" in html


def test_the_public_reads_the_score_beside_the_explainer(client, db):
    card = factories.make_ai_system(plain_language_explainer=PLAIN)
    html = client.get(reverse("ai_systems:detail", args=[card.slug])).content.decode()
    score = reading_ease_score(PLAIN, "en")
    assert f"Reading ease: {score}, " in html
    assert "(target 60+)" in html


def test_the_summary_stores_its_score_and_warns_its_editor(
    client, edith, closed_consultation, theme, alice
):
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    summary = add_summary(closed_consultation, [(theme, f"<p>{DENSE}</p>")])
    summary = SummaryPage.objects.get(pk=summary.pk)
    assert summary.reading_ease is not None
    assert summary.reading_ease < TARGETS["en"]

    client.force_login(edith)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[summary.pk])).content.decode()
    assert "Reading ease of the summary" in html
    assert "Below the plain-language target" in html

    client.logout()
    page = client.get(f"{closed_consultation.url}summary/").content.decode()
    assert f"Reading ease: {summary.reading_ease}, " in page


def test_the_french_summary_is_scored_with_the_french_formula(
    client, home, index_page, french, closed_consultation, theme, alice
):
    home.copy_for_translation(french).save_revision().publish()
    index_page.copy_for_translation(french).save_revision().publish()
    french_consultation = closed_consultation.copy_for_translation(french)
    french_consultation.save_revision().publish()
    CommentTheme.objects.create(theme=theme, comment=comment(closed_consultation, alice))
    summary = add_summary(closed_consultation, [(theme, f"<p>{PLAIN}</p>")])
    french_summary = summary.copy_for_translation(french)
    french_summary.what_we_heard = f"<p>{PLAIN_FR}</p>"
    french_summary.save_revision().publish()

    french_summary = SummaryPage.objects.get(pk=french_summary.pk)
    page = client.get("/fr/consultations/benefits-chatbot/summary/").content.decode()

    assert f"Facilité de lecture\u00a0: {french_summary.reading_ease}, " in page
    assert "(objectif 60 et plus)" in page
