"""The card's editor lists, per standard, what each record still lacks."""

import re

import pytest
from django.urls import reverse

from consult.consultations.models import AISystem
from tests.factories import make_ai_system

pytestmark = pytest.mark.django_db


def missing_by_standard(client, system) -> dict[str, str]:
    page = client.get(reverse("wagtailsnippets_consultations_aisystem:edit", args=[system.pk]))
    assert page.status_code == 200
    found = re.findall(r'data-standard="([\w-]+)">(.*?)</li>', page.content.decode(), re.S)
    return {slug: " ".join(text.split()) for slug, text in found}


def test_a_missing_required_value_is_named_under_each_standard_until_filled(client, erin):
    client.force_login(erin)
    system = make_ai_system("Fraud risk scoring", slug="fraud-scoring")

    listed = missing_by_standard(client, system)
    assert set(listed) == {"algoritmeregister", "atrs", "eu-registration"}
    assert "contact email" in listed["algoritmeregister"]
    assert "contact email" in listed["atrs"]
    assert "responsible team" in listed["atrs"]
    assert "a published fundamental rights impact assessment" in listed["eu-registration"]

    # Read from the version being edited: a saved draft counts.
    system.contact_email = "fraud@example.org"
    system.save_revision()
    listed = missing_by_standard(client, system)
    assert "contact email" not in listed["algoritmeregister"]
    assert "contact email" not in listed["atrs"]
    assert "responsible team" in listed["atrs"]


def test_a_draft_saved_without_a_slug_still_opens_in_the_editor(client, erin, demo):
    # Wagtail saves drafts without their required fields; the metro card has an impact
    # assessment, whose link needs the slug.
    client.force_login(erin)
    system = AISystem.objects.get(slug="metro-face-recognition", locale__language_code="en")
    system.slug = ""
    system.save_revision()

    listed = missing_by_standard(client, system)

    assert set(listed) == {"algoritmeregister", "atrs", "eu-registration"}
