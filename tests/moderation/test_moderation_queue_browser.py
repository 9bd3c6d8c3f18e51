"""The queue in a real browser: accessible (axe), usable by keyboard alone.

Playwright keeps an event loop running in the test's thread, where Django's ORM refuses to
run: data and sessions are made before the browser opens, and what changed is read from the
pages (test_moderation_queue_views.py checks the rows)."""

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from consult.consultations.models import ModerationMode
from consult.moderation.services.appeals import appeal_file
from consult.moderation.services.comments import comment_approve, comment_hide


def quiet_live_stream(page) -> None:
    """The pages open the moderators' live stream, which pytest-django's live server (WSGI)
    cannot serve: answer it in the browser, silently (tests/realtime covers the stream)."""
    page.route_web_socket("**/ws/**", lambda socket: None)


def session_cookie(user, live_server) -> dict:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": session.session_key,
        "url": live_server.url,
    }


@pytest.fixture
def held_replies(make_consultation, alice, bob, mona, post_comment):
    consultation = make_consultation("Benefit fraud scoring", moderation_mode=ModerationMode.PRE)
    root = post_comment(consultation, alice, "Who audits the model?")
    comment_approve(comment=root, moderator=mona)
    root.refresh_from_db()
    return [
        post_comment(consultation, bob, "Held reply one.", parent=root).pk,
        post_comment(consultation, alice, "Held reply two.", parent=root).pk,
    ]


@pytest.fixture
def mona_cookie(mona, live_server) -> dict:
    return session_cookie(mona, live_server)


def test_a_moderator_approves_by_keyboard_alone_on_an_accessible_page(
    held_replies, mona_cookie, pages, axe
):
    first, second = held_replies
    page = pages.open()
    quiet_live_stream(page)
    page.context.add_cookies([mona_cookie])
    page.goto("/moderation/")
    axe(page)

    page.locator("button", has_text="Filter").focus()
    order = []
    for _ in range(30):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    # Each item's checkbox, in the queue's order, then the action bar, field by field (the
    # items' links and one-click decisions come between).
    controls = [name for name in order if name.startswith(("tick-", "id_"))]
    assert controls[:6] == [
        f"tick-{first}",
        f"tick-{second}",
        "id_action",
        "id_rule",
        "id_public_note",
        "id_suspend_days",
    ]

    page.locator(f"#tick-{first}").focus()
    page.keyboard.press("Space")
    page.locator("#id_action").select_option("approve")
    page.locator("#id_rule").select_option("off_topic")
    page.locator("#id_public_note").focus()
    page.keyboard.type("On topic after all.")
    page.locator("button", has_text="Apply").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Done for 1 comment." in page.content()
    assert page.locator(f"#tick-{first}").count() == 0
    assert page.locator(f"#tick-{second}").count() == 1
    axe(page)

    # One click beside the other comment, its rule chosen first.
    page.locator(f"#rule-{second}").select_option("off_topic")
    page.locator(f'button[form="decide-{second}"][value="approve"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Done for 1 comment." in page.content()
    assert page.locator(f"#tick-{second}").count() == 0


@pytest.fixture
def appeal_for_max(consultation, alice, mona, max_, post_comment, live_server) -> dict:
    comment = post_comment(consultation, alice, "Hidden then appealed.")
    decision = comment_hide(comment=comment, moderator=mona, rule_code="spam")
    appeal_file(decision=decision, appellant=alice, statement="It was not spam.")
    return session_cookie(max_, live_server)


def test_the_appeals_page_and_its_refusal_are_accessible(appeal_for_max, pages, axe):
    page = pages.open()
    quiet_live_stream(page)
    page.context.add_cookies([appeal_for_max])
    page.goto("/moderation/appeals/")
    assert "It was not spam." in page.content()
    axe(page)
    page.locator("button", has_text="Decide the appeal").click()
    page.wait_for_load_state()
    assert "The appeal was not decided" in page.content()
    axe(page)
    # The refusal answers 400, which Chromium reports on the console: expected here.
    assert pages.problems == [
        "console error: Failed to load resource: the server responded with a status of 400 "
        "(Bad Request)"
    ]
    pages.problems.clear()
