"""Taking part on a 375px phone: the way in starts within the first 1,400px of the
consultation page, signed in or out, and the page reads well at that width.

The offsets are measured from the top of the document, as a reader scrolls to them. Set
CONSULT_SCREENSHOTS to a folder to keep screenshots of what was measured.
"""

import os
from pathlib import Path

import pytest

from cms.demo.consultations import METRO
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
    if selector:
        page.locator(selector).first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -60)")
        page.screenshot(path=path, full_page=True)
    else:
        page.screenshot(path=path, full_page=True)


def test_taking_part_starts_within_the_first_screens_on_a_phone(demo, pages, axe):
    signed_out = pages.open(locale="en-GB", viewport=PHONE)
    signed_out.goto(PAGE)
    sign_in_link = offset(signed_out, "main a[href*='/accounts/login/']")
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
    assert position < FIRST_SCREENS
    assert comment < FIRST_SCREENS
    assert signed_in.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(signed_in, "consultation-375-discussion.png", selector="#comments")
    axe(signed_in)
