"""A newcomer reads: home, the open consultations, one of them, and its AI system's entry.

One test per language loads the demo content once and reads it three ways: in a desktop
browser (checked with axe on every page), with JavaScript off, and on a 375px phone screen.
"""

import pytest

from cms.demo.consultations import BENEFITS, FORUM, METRO
from tests.browser.conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PREFIXES = {"en": "", "fr": "/fr"}
LOCALES = {"en": "en-GB", "fr": "fr-FR"}
# The impact level's roman numeral, as the card shows it in both languages.
METRO_LEVEL = "IV"


def read_open_consultation(page, language: str, *, axe=None) -> None:
    """Walk the journey by clicking what a reader would click; run axe on each page if given."""
    prefix = PREFIXES[language]
    check = axe or (lambda page: None)

    page.goto(prefix + "/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").count() == 1
    check(page)

    page.locator(f".main-nav a[href='{prefix}/consultations/']").click()
    page.wait_for_url(f"**{prefix}/consultations/")
    check(page)

    # The filter is a plain GET form: it works the same with or without JavaScript.
    page.select_option("#id_status", "open")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**status=open**")
    cards = page.locator(".card-list .card")
    assert sorted(cards.locator("h3").all_inner_texts()) == sorted(
        [METRO[language]["title"], FORUM[language]["title"]]
    )
    assert cards.locator(".badge--open").count() == 2
    assert page.get_by_role("link", name=BENEFITS[language]["title"]).count() == 0
    check(page)

    page.get_by_role("link", name=METRO[language]["title"]).click()
    page.wait_for_url(f"**{prefix}/consultations/{METRO['slug']}/")
    assert page.locator("h1").inner_text() == METRO[language]["title"]
    card = page.locator("section.ai-card")
    assert card.is_visible()
    assert METRO["system"][language]["name"] in card.locator("h2").inner_text()
    assert METRO_LEVEL in card.locator(".ai-card__impact h3").inner_text()
    check(page)

    card.locator("a.more-link").click()
    page.wait_for_url(f"**{prefix}/ai-systems/{METRO['system']['slug']}/")
    assert page.locator("h1").inner_text() == METRO["system"][language]["name"]
    assert METRO_LEVEL in page.locator(".ai-card__impact h3").inner_text()
    assert page.get_by_role("link", name=METRO[language]["title"]).is_visible()
    check(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_newcomer_reads_an_open_consultation(demo, pages, axe, language):
    locale = LOCALES[language]
    read_open_consultation(pages.open(locale=locale), language, axe=axe)

    # axe needs scripts (its checks wait on timers), so this pass checks behaviour only.
    without_javascript = pages.open(locale=locale, java_script_enabled=False)
    read_open_consultation(without_javascript, language)
    assert without_javascript.evaluate("typeof window.Consult") == "undefined"

    phone = pages.open(locale=locale, viewport=PHONE)
    for path in (
        "/",
        f"/consultations/{METRO['slug']}/",
        f"/ai-systems/{METRO['system']['slug']}/",
    ):
        phone.goto(PREFIXES[language] + path)
        # Nothing may make a reader on a small phone scroll sideways.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        axe(phone)
