"""A participant reports a comment in place with JavaScript: the form opens inside the comment
with focus in it, Escape and Cancel close it and give focus back to Report, a refusal keeps
what was typed, and once sent the comment says it was reported. Without JavaScript the same
link opens the report page (tests/moderation/test_moderation_public_participants.py)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_browser_taking_part import (
    AMINA,
    PAGE,
    PRIYA_COMMENT,
    announcer,
    card_of,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MARKER = "window.reportingMarker"
NOTE = "It reads like a sales pitch to me."


def test_a_participant_reports_a_comment_in_place(demo, pages, axe):
    page = pages.open(locale="en-GB")
    sign_in(page, AMINA)
    page.goto(PAGE)
    page.evaluate(f"{MARKER} = 'no reload'")
    card = card_of(page, PRIYA_COMMENT)
    report = card.get_by_role("link", name="Report this comment to the moderators")
    form = card.locator("form[data-flag-form]")
    first_rule = form.locator("input[type=radio]").first

    # Opened, focus goes to the first rule; Escape closes it and focus is back on Report.
    report.click()
    expect(first_rule).to_be_focused()
    expect(report).to_have_attribute("aria-expanded", "true")
    axe(page)
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(report).to_be_focused()
    expect(report).to_have_attribute("aria-expanded", "false")

    # From the keyboard, then Cancel.
    page.keyboard.press("Enter")
    expect(first_rule).to_be_focused()
    form.get_by_role("button", name="Cancel").click()
    expect(form).to_have_count(0)
    expect(report).to_be_focused()

    # Sent without a rule: refused beside the choice, the note kept, focus on the errors.
    page.keyboard.press("Enter")
    form.get_by_label("Anything the moderators should know (optional)").fill(NOTE)
    form.get_by_role("button", name="Send the report").click()
    expect(form.locator(".field--radio .errorlist")).to_have_text("This field is required.")
    expect(form.locator(".form-errors")).to_be_focused()
    expect(form.locator("textarea[name=note]")).to_have_value(NOTE)
    expect(form.get_by_role("button", name="Cancel")).to_be_visible()
    # The refusal answers 400, which Chromium reports on the console: expected here.
    assert pages.problems == [
        "console error: Failed to load resource: the server responded with a status of 400 "
        "(Bad Request)"
    ]
    pages.problems.clear()

    # Sent with one: the comment says so, and the live region says what happens next.
    form.locator("input[name=rule_code][value=off_topic]").check()
    form.get_by_role("button", name="Send the report").click()
    reported = card.locator(".comment__reported")
    expect(reported).to_have_text("You reported this comment")
    expect(reported).to_be_focused()
    expect(announcer(page)).to_have_text(
        "Thank you: your report is with the moderators. Your notifications will tell you "
        "what they decide."
    )
    expect(form).to_have_count(0)
    expect(report).to_have_count(0)
    assert page.evaluate(MARKER) == "no reload"
    axe(page)

    # The server kept it.
    page.reload()
    expect(card.locator(".comment__reported")).to_have_text("You reported this comment")
    expect(report).to_have_count(0)
