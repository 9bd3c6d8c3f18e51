"""Headless Chromium against pytest-django's live server, with axe-core and a CSP watch.

live_server  (tests/conftest.py) the site served by uvicorn, WebSockets included
browser    a Chromium for one test; skipped when it is missing, except under CI
pages      pages.open(**context_options) opens a page in a fresh browser context; console
           errors, page errors and CSP violations on any of them fail the test
page       pages.open() with the defaults: 1280px wide, JavaScript on
axe        axe(page) fails the test on any WCAG 2.0/2.1/2.2 A or AA violation
demo       the demo content (`load_demo_content`) in the live server's database

Every test here gets a transactional database (the live server needs one) with serialized
rollback (tests/conftest.py explains why), so the migrations' data is there at the start of
each test whatever ran before. Password hashing is fast and cache keys are fresh per test,
also from tests/conftest.py; `load_demo_content` takes a few seconds even so, so the journeys
are grouped into few tests.
"""

import io
import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

# Chromium prints CSP violations to the console itself; this also catches the ones it only
# reports as events. Init scripts are injected by the browser, so the CSP does not block it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    `Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`
  );
});
"""


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser():
    """A Chromium for one test.

    Playwright's sync API keeps its asyncio loop running in the test's thread while it is
    open. Django's ORM refuses to run beside a running loop (and asgiref's async_to_sync
    refuses to start), so a browser that outlived the test would break the database flush
    after it and every later test in the session. Request data fixtures before this one.
    """
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set and Chromium is missing: the browser tests must run in CI.")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def demo(live_server) -> None:
    call_command("load_demo_content", stdout=io.StringIO())


class Pages:
    """Opens pages in fresh browser contexts and records what their consoles report."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts = []
        self.problems: list[str] = []

    def open(self, *, viewport: dict = DESKTOP, **context_options):
        context = self.browser.new_context(
            base_url=self.base_url, viewport=viewport, **context_options
        )
        context.set_default_timeout(15_000)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        return page

    def _on_console(self, message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def pages(browser, live_server) -> Iterator[Pages]:
    """Fails the test if any page it opened logged an error or a CSP violation."""
    opened = Pages(browser, live_server.url)
    yield opened
    opened.close()
    if opened.problems:
        pytest.fail("The browser reported problems:\n" + "\n".join(opened.problems))


@pytest.fixture
def page(pages):
    return pages.open()


@pytest.fixture(scope="session")
def axe() -> Callable:
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def check(page) -> None:
        results = checker.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check
