"""Fixtures of the register tests: the demo content, and erin the editor (consultations')."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Site

from tests.consultations.conftest import erin  # noqa: F401 (a fixture, used by name)

ATRS_SCHEMA = json.loads(
    (Path(__file__).parent / "standards" / "atrs_record.schema.json").read_text()
)


@pytest.fixture
def demo(db) -> None:
    Site.clear_site_root_paths_cache()
    with open("/dev/null", "w") as quiet:
        call_command("load_demo_content", stdout=quiet)
