"""The demo's metro face recognition system: a complete assessment in English and French,
citing the demo's own contributions and themes, and a complete EU registration record."""

import io

import jsonschema
import pytest
from django.core.management import call_command

from consult.accountability.eu_registration import schema
from consult.accountability.models import FundamentalRightsAssessment

pytestmark = pytest.mark.django_db

SLUG = "metro-face-recognition"


def test_the_metro_system_has_a_complete_cited_assessment_and_registration(client):
    call_command("load_demo_content", stdout=io.StringIO())

    assessments = FundamentalRightsAssessment.objects.filter(ai_system__slug=SLUG, live=True)
    assert sorted(a.locale.language_code for a in assessments) == ["en", "fr"]
    for assessment in assessments:
        cited = assessment.cited_ids()
        assert cited["comments"] and cited["positions"] and cited["themes"]

    english = client.get(f"/ai-systems/{SLUG}/fria/").content.decode()
    french = client.get(f"/fr/ai-systems/{SLUG}/fria/").content.decode()
    assert "Daily passengers" in english
    assert "Les voyageurs quotidiens" in french
    # Citations resolve to what demo participants wrote.
    assert "Live facial recognition in public transport" in english
    assert "On the error rates" in french

    history = client.get(f"/ai-systems/{SLUG}/fria/history/").content.decode()
    assert "“Daily passengers” was revised." in history

    for prefix in ("", "/fr"):
        record = client.get(f"{prefix}/ai-systems/{SLUG}/eu-registration.json").json()
        jsonschema.validate(record, schema())
    assert record["language"] == "fr"
    # Loading again leaves the assessments as they are.
    call_command("load_demo_content", stdout=io.StringIO())
    assert FundamentalRightsAssessment.objects.filter(ai_system__slug=SLUG).count() == 2
