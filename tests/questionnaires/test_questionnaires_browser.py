"""A participant answers the questionnaire in headless Chromium, without and with JavaScript."""

import os
import shutil

import pytest

from consult.questionnaires.models import Response, ResponseState
from tests.questionnaires.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set and Chromium is missing: the browser tests must run in CI.")
        pytest.skip("Chromium is not installed.")
    return path


def _answer(live_server, chromium_path, *, javascript: bool, page_url: str, ids: dict) -> list[str]:
    """Sign in as alice, answer, and return what the page said. The browser is closed before
    the test touches the database again (Playwright's loop must not outlive this call)."""
    from playwright.sync_api import sync_playwright

    said = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=ARGS)
        page = browser.new_context(java_script_enabled=javascript).new_page()
        errors = []
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=login]", "alice@example.org")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        page.goto(live_server.url + page_url)
        # The questionnaire's own box: the comment form's comes first on the page.
        page.fill(f"textarea[name='{ids['long_text']}']", "I take this train every day.")
        if javascript:
            status = page.locator("[data-questionnaire-status]")
            status.filter(has_text="Draft saved at").wait_for(timeout=10_000)
            said.append(status.inner_text())
        else:
            page.click("button[value=draft]")
            page.wait_for_load_state()
            said.append(page.locator(".messages").inner_text())
        page.check(f"input[name='{ids['scale']}'][value='4']")
        page.check(f"input[name='{ids['single_choice']}'][value='1']")
        page.click("button[value=submit]")
        page.wait_for_load_state()
        said.append(page.locator(".messages").inner_text())
        said.extend(errors)
        browser.close()
    return said


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_participant_saves_a_draft_then_submits(
    live_server, chromium_path, alice, consultation, ids, javascript
):
    said = _answer(
        live_server, chromium_path, javascript=javascript, page_url=consultation.url, ids=ids
    )

    assert "Draft saved at" in said[0]
    assert "your answers were submitted" in said[1]
    assert said[2:] == []  # no console errors (CSP violations included)
    response = Response.objects.get()
    assert response.state == ResponseState.SUBMITTED
    assert response.answers[ids["long_text"]] == "I take this train every day."
    assert response.answers[ids["scale"]] == 4
    assert response.answers[ids["single_choice"]] == 1
