"""Taking part on a 375px phone: the way in starts within the first 1,400px of the
consultation page, signed in or out, and the page reads well at that width.

The offsets are measured from the top of the document, as a reader scrolls to them. Set
CONSULT_SCREENSHOTS to a folder to keep screenshots of what was measured.
"""

import os
from pathlib import Path

import pytest

from cms.demo.consultations import BENEFITS, METRO
from tests.browser.conftest import PHONE
from tests.browser.test_browser_taking_part import AMINA, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGE = f"/consultations/{METRO['slug']}/"
FIRST_SCREENS = 1400
TOP = "el => el.getBoundingClientRect().top + window.scrollY"


def offset(page, selector: str) -> float:
    return page.locator(selector).first.evaluate(TOP)


def screenshot(page, name: str, *, selector: str | None = None) -> None:
    folder = os.environ.get("CONSULT_SCREENSHOTS")
    if not folder:
        return
    path = Path(folder) / name
    top = offset(page, selector) - 20 if selector else 0
    clip = {"x": 0, "y": top, "width": PHONE["width"], "height": PHONE["height"]}
    page.screenshot(path=path, full_page=True, clip=clip)


def test_taking_part_starts_within_the_first_screens_on_a_phone(demo, pages, axe):
    signed_out = pages.open(locale="en-GB", viewport=PHONE)
    signed_out.goto(PAGE)
    sign_in_link = offset(signed_out, "#take-part a[href*='/accounts/login/']")
    print(f"signed out: sign-in link at {sign_in_link:.0f}px")
    assert sign_in_link < FIRST_SCREENS
    assert signed_out.locator(".glance").is_visible()
    screenshot(signed_out, "consultation-375-top.png")
    axe(signed_out)

    signed_in = pages.open(locale="en-GB", viewport=PHONE)
    sign_in(signed_in, AMINA)
    signed_in.goto(PAGE)
    position = offset(signed_in, "form[data-discussion-position-form]")
    comment = offset(signed_in, "form[data-discussion-comment-form] textarea")
    print(f"signed in: position form at {position:.0f}px, comment box at {comment:.0f}px")
    assert comment <= FIRST_SCREENS
    # The position panel, with its table of tallies, follows the comment box, ahead of
    # what the consultation is about and of the comments themselves.
    assert comment < position < offset(signed_in, "#ai-system") < offset(signed_in, "#comments")
    assert signed_in.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(signed_in, "consultation-375-take-part.png", selector="#take-part")
    screenshot(signed_in, "consultation-375-discussion.png", selector="#comments")
    axe(signed_in)


def test_a_summary_reads_on_a_phone(demo, pages, axe):
    phone = pages.open(locale="en-GB", viewport=PHONE)
    phone.goto(f"/consultations/{BENEFITS['slug']}/summary/")

    assert BENEFITS["en"]["title"] in phone.locator("h1").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Chart labels are page text, at least 14px, above their bars, with the values written.
    label = phone.locator(".chart__name").first
    assert float(label.evaluate("el => getComputedStyle(el).fontSize")[:-2]) >= 14
    bar = label.locator("xpath=following-sibling::*[1]")
    assert label.bounding_box()["y"] + label.bounding_box()["height"] <= bar.bounding_box()["y"]
    assert phone.locator(".chart__value").first.inner_text().strip()
    screenshot(phone, "summary-375.png")
    axe(phone)
    # Printed, the quotes are open.
    phone.emulate_media(media="print")
    phone.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    quotes = phone.locator(".summary-theme__quotes").first
    assert quotes.get_attribute("open") is not None
