"""Two Chromium pages on one consultation: a comment posted in one appears in the other
without a reload, is announced politely, and the count follows. The live server is uvicorn
in a thread (tests/browser/conftest.py), with the channel layer the settings give.
"""

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import expect

from consult.discussion import services
from consult.discussion.models import DisplayMode
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
        "consultation": consultation,
        "people": (writer, reader),
        "url": consultation.url,
        "writer": session_cookie(writer),
        "reader": session_cookie(reader),
    }


@pytest.fixture
def thread(scene) -> int:
    """A comment of Bob's with one reply of Alice's, folded on the page: the comment's id."""
    writer, reader = scene["people"]
    comment = services.comment_create(
        consultation=scene["consultation"],
        author=writer,
        body="Are the cameras on all day?",
        display_mode=DisplayMode.NAMED,
    )
    services.comment_create(
        consultation=scene["consultation"],
        author=reader,
        body="Only at rush hour, says the proposal.",
        display_mode=DisplayMode.NAMED,
        parent=comment,
    )
    return comment.pk


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


def test_a_reply_from_someone_else_is_counted_in_its_folded_thread(
    scene, thread, live_server, pages
):
    watching = pages.open()
    watching.goto(scene["url"])
    folded = watching.locator(f"#comment-{thread} > details.comment-replies-toggle")
    expect(folded.locator(".comment-replies-toggle__show")).to_have_text("Show 1 reply")
    watching.wait_for_timeout(500)  # connected once the stream told the page its number
    posting = signed_in(pages, scene["writer"], live_server.url)
    posting.goto(scene["url"])

    posting.locator(f"#comment-{thread} > .comment__card [data-reply-to]").click()
    reply_form = posting.locator(f"#comment-{thread} > .comment__card .comment-form")
    reply_form.locator("textarea").fill("Then say so on the signs.")
    reply_form.locator("button[type=submit]").click()

    # The reader's thread stays folded, and says it holds one more, in the plural.
    show = folded.locator(".comment-replies-toggle__show")
    expect(show).to_have_text("Show 2 replies", timeout=10_000)
    expect(show).to_be_visible()
    # The writer's own opens, to show the reply, and counts it too.
    mine = posting.locator(f"#comment-{thread} > details.comment-replies-toggle")
    expect(mine.locator(".comment-replies-toggle__hide")).to_have_text("Hide 2 replies")
    expect(mine.locator(".comment-replies-toggle__hide")).to_be_visible()
