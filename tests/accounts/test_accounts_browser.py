"""allauth's MFA scripts really run under our CSP, in Chromium."""

import shutil

import pytest

from tests.accounts.conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium"),
]


def test_security_key_page_scripts_run_without_csp_violations(live_server, alice):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        page = browser.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))

        page.goto(live_server.url + "/accounts/login/")
        page.fill("#id_login", "alice@example.org")
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        # Signed in seconds ago: no second password prompt before adding a key.
        page.goto(live_server.url + "/accounts/2fa/webauthn/add/")

        assert page.url.endswith("/accounts/2fa/webauthn/add/")
        assert page.evaluate("typeof window.allauth?.webauthn?.forms?.addForm") == "function"
        assert problems == []
        browser.close()
