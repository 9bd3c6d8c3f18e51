"""Two Chromium pages on one consultation: a comment posted in one appears in the other
without a reload, is announced politely, and the count follows. The live server is uvicorn
in a thread (tests/browser/conftest.py), with the channel layer the settings give.
"""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import Pages
from tests.discussion.conftest import make_user
from tests.realtime.conftest import session_cookie

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def scene(transactional_db) -> dict:
    """The consultation, and the session cookies of Bob (writes) and Alice (reads, may react):
    made before the browser starts, since Django's ORM refuses to run beside its loop."""
    index = factories.make_index_page(factories.home_page())
    consultation = factories.make_consultation(
        index, "Cameras on trams", system=factories.make_ai_system("Tram cameras")
    )
    writer = make_user("bob@example.org", display_name="Bob Keller", stakeholder_group="academic")
    reader = make_user("alice@example.org", display_name="Alice Martin")
    return {
        "url": consultation.url,
        "writer": session_cookie(writer),
        "reader": session_cookie(reader),
    }


def signed_in(pages: Pages, cookie: str, base_url: str):
    page = pages.open()
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": cookie, "url": base_url}])
    return page


def test_a_comment_posted_in_one_page_appears_in_the_other(scene, live_server, pages, axe):
    base_url = live_server.url
    watching = pages.open()
    watching.goto(scene["url"])
    participant = signed_in(pages, scene["reader"], base_url)
    participant.goto(scene["url"])
    posting = signed_in(pages, scene["writer"], base_url)
    posting.goto(scene["url"])
    for page in (watching, participant):
        page.locator("[data-live-socket]").first.wait_for(state="attached")
        # Connected once the stream told the page its number.
        page.wait_for_timeout(500)

    posting.fill("#comment-body", "Who reads the footage, and for how long?")
    posting.locator("[data-discussion-comment-form] button[type=submit]").click()

    for page in (watching, participant):
        comment = page.locator(".comment__body", has_text="Who reads the footage")
        comment.wait_for(timeout=10_000)
        assert page.locator("#comments").inner_text() == "1 comment"
        # The script empties the live region, then fills it 50 ms later, so it is re-read.
        expect(page.locator("#discussion-announcer")).to_have_text(
            "A new comment was posted.", timeout=5_000
        )
    # The signed-out reader sees counts; the participant can react at once, in place.
    assert watching.locator(".reactions__counts").count() == 1
    agree = participant.locator("[data-discussion-reaction] button[value=agree]")
    agree.click()
    participant.locator('[data-discussion-reaction] button[aria-pressed="true"]').wait_for()
    # ... and the reader's count follows, coalesced, without a reload.
    watching.locator(".reactions__counts", has_text="1").wait_for(timeout=10_000)
    axe(watching)


def test_a_comment_posted_while_the_page_loads_still_appears(scene, live_server, pages):
    watching = pages.open()
    # The script is held back until after the comment, as on a slow connection: its socket
    # opens only once the comment's event has been sent to everyone already listening.
    held = []
    watching.route("**/js/live.js*", lambda route: held.append(route))
    watching.goto(scene["url"], wait_until="commit")
    watching.locator("[data-live-socket]").first.wait_for(state="attached")
    posting = signed_in(pages, scene["writer"], live_server.url)
    posting.goto(scene["url"])
    posting.fill("#comment-body", "Posted before the reader's script ran.")
    posting.locator("[data-discussion-comment-form] button[type=submit]").click()
    posting.locator(".comment__body", has_text="Posted before the reader's").wait_for()
    held[0].continue_()
    watching.locator(".comment__body", has_text="Posted before the reader's").wait_for(
        timeout=10_000
    )
    assert watching.locator("#comments").inner_text() == "1 comment"
