"""The watch that fails browser tests really sees CSP violations and script errors.

Every other browser test relies on it: if it went blind, they would pass over broken pages.
"""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INJECT_INLINE_SCRIPT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.inlineScriptRan = true;";
  document.body.append(script);
}"""


def test_the_watch_reports_csp_violations_and_script_errors(pages, page):
    page.goto("/")

    with page.expect_console_message(lambda message: "script-src" in message.text):
        page.evaluate(INJECT_INLINE_SCRIPT)
    assert page.evaluate("window.inlineScriptRan") is None
    assert any("Content Security Policy" in problem for problem in pages.problems)

    pages.problems.clear()
    with page.expect_event("pageerror"):
        page.evaluate("() => { setTimeout(() => { throw new Error('boom'); }); }")
    assert pages.problems == ["page error: boom"]

    # Seen and checked: the test itself must not fail on them.
    pages.problems.clear()
