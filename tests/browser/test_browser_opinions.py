"""The opinion groups page in a real browser: accessible in both languages and on a phone."""

import pytest

from consult.opinions.tasks import opinion_groups_refresh
from tests import factories
from tests.browser.conftest import DESKTOP, PHONE
from tests.opinions.conftest import plant

pytestmark = pytest.mark.browser


@pytest.fixture
def grouped(index_page):
    """Three planted opinion groups, computed; before the browser starts (its event loop
    forbids database calls in the test's thread)."""
    system = factories.make_ai_system("Predictive policing map")
    consultation = factories.make_consultation(index_page, "Predictive policing", system=system)
    plant(consultation)
    opinion_groups_refresh.enqueue(consultation.pk)
    return consultation


@pytest.mark.parametrize("language", ["en", "fr"])
def test_opinion_groups_page_is_accessible(grouped, pages, axe, language):
    prefix = "" if language == "en" else "/fr"
    for viewport in (DESKTOP, PHONE):
        page = pages.open(viewport=viewport)
        page.goto(f"{prefix}/consultations/{grouped.pk}/opinion-groups/")
        assert page.locator("h1").count() == 1
        assert page.locator("#common-ground ~ ol li").count() == 5
        axe(page)
