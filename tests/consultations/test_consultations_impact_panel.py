"""The card's editor shows the impact level its questionnaire gives, and what it obliges."""

import pytest
from django.urls import reverse

from consult.consultations import impact
from consult.consultations.models import AISystem
from tests.consultations.test_consultations_admin import card_add_url, card_form

pytestmark = pytest.mark.django_db

HIGH_ANSWERS = {
    question.field_name: max(question.choices, key=lambda choice: choice.points).value
    for question in impact.RAW_QUESTIONS
}


def test_the_editor_sees_the_level_and_its_obligations_update_on_save(client, erin):
    client.force_login(erin)
    assert "Impact level" in client.get(card_add_url()).content.decode()

    client.post(card_add_url(), card_form())
    system = AISystem.objects.get()
    edit_url = reverse("wagtailsnippets_consultations_aisystem:edit", args=[system.pk])
    page = client.get(edit_url).content.decode()
    assert str(impact.ImpactLevel.I.label) in page
    assert "The system may decide without a person" in page
    assert "A person makes the final decision" not in page

    client.post(edit_url, card_form(decision_mode="fully_automated", **HIGH_ANSWERS))
    page = client.get(edit_url).content.decode()
    assert str(impact.ImpactLevel.IV.label) in page
    assert "A person makes the final decision" in page
    assert "The system may decide without a person" not in page  # level IV asks more
    assert "the Treasury Board" in page


def test_publishing_refuses_a_decision_mode_the_assessment_contradicts(client, erin):
    client.force_login(erin)
    data = card_form(decision_mode="decision_support", impact_automation="review")

    refused = client.post(card_add_url(), data)

    assert refused.status_code == 200
    (error,) = refused.context["form"].errors["impact_automation"]
    assert "“Decision support”" in error
    assert "“It only informs a person who decides”" in error
    assert not AISystem.objects.exists()

    del data["action-publish"]
    assert client.post(card_add_url(), data).status_code == 302  # a draft may disagree
    assert not AISystem.objects.get().live


def test_the_checklist_names_what_publishing_still_needs_per_tab(client, erin):
    client.force_login(erin)
    data = card_form(plain_language_explainer="", impact_scale="")
    del data["action-publish"]
    client.post(card_add_url(), data)
    system = AISystem.objects.get()
    edit_url = reverse("wagtailsnippets_consultations_aisystem:edit", args=[system.pk])

    page = client.get(edit_url).content.decode()
    assert "Before publishing" in page
    assert "<strong>The system</strong>: plain-language explainer" in page
    scale = str(AISystem._meta.get_field("impact_scale").verbose_name)
    assert f"<strong>Impact assessment</strong>: {scale}" in page

    client.post(edit_url, card_form())
    assert "Nothing is missing: the card can be published." in client.get(edit_url).content.decode()
