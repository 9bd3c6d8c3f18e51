"""Fixtures of the register tests: the demo content, and erin the editor (consultations')."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from consult.consultations.models import AISystem
from tests.consultations.conftest import erin  # noqa: F401 (a fixture, used by name)
from tests.factories import make_ai_system

ATRS_SCHEMA = json.loads(
    (Path(__file__).parent / "standards" / "atrs_record.schema.json").read_text()
)


@pytest.fixture
def demo(db) -> None:
    Site.clear_site_root_paths_cache()
    with open("/dev/null", "w") as quiet:
        call_command("load_demo_content", stdout=quiet)


@pytest.fixture
def translated_card(french) -> AISystem:
    """A published card and its published French translation; the English one is returned."""
    english = make_ai_system("Fraud risk scoring", slug="fraud-scoring")
    make_ai_system(
        "Notation du risque de fraude",
        slug="fraud-scoring",
        locale=french,
        translation_key=english.translation_key,
    )
    return english
