"""The consultation page keeps each reader's forms by what they show
(consult.core.fragments.reader_fragment): nobody ever gets someone else's answers, position,
CSRF token or script nonce, and a change shows at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.discussion import services
from consult.questionnaires import services as questionnaires
from tests.questionnaires.conftest import make_user

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def section(html: str, marker: str) -> str:
    return re.search(rf"<form[^>]*{marker}.*?</form>", html, re.DOTALL)[0]


def token(form: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]


def test_each_reader_gets_their_own_draft_token_and_nonce(alice, consultation, ids):
    bob = make_user("bob@example.org")
    alices, bobs = signed_in(alice), signed_in(bob)
    draft = reverse("questionnaires:response", kwargs={"page_id": consultation.pk})
    for words in ("First thoughts on the cameras.", "Second thoughts on the cameras."):
        alices.get(consultation.url)  # a CSRF cookie for the post
        posted = alices.post(
            draft,
            {
                ids["long_text"]: words,
                "action": "draft",
                "csrfmiddlewaretoken": alices.cookies["csrftoken"].value,
            },
        )
        assert posted.status_code == 302

        for client, own in ((alices, True), (bobs, False)):
            response = client.get(consultation.url)
            html = response.content.decode()
            form = section(html, 'class="questionnaire"')
            assert (words in form) is own
            if words.startswith("Second"):
                assert "First thoughts" not in form
            # The token in the kept form is this reader's own: it is accepted for them.
            assert (
                client.post(
                    draft, {"action": "draft", "csrfmiddlewaretoken": token(form)}
                ).status_code
                == 302
            )
            nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
            assert re.search(r'questionnaires[^"]*\.js" nonce="([^"]+)"', html)[1] == nonce


def test_each_reader_sees_their_own_position_in_its_form(alice, consultation):
    bob = make_user("bob@example.org")
    alices, bobs = signed_in(alice), signed_in(bob)
    services.position_set(
        consultation=consultation, user=alice, stance="oppose", reason="Too risky."
    )

    alice_form = section(
        alices.get(consultation.url).content.decode(), "data-discussion-position-form"
    )
    bob_form = section(bobs.get(consultation.url).content.decode(), "data-discussion-position-form")
    assert "Too risky." in alice_form and "Too risky." not in bob_form
    assert token(alice_form) != token(bob_form)

    services.position_set(
        consultation=consultation, user=alice, stance="unsure", reason="Less sure."
    )
    alice_html = alices.get(consultation.url).content.decode()
    assert "Less sure." in section(alice_html, "data-discussion-position-form")
    assert "Too risky." not in section(alice_html, "data-discussion-position-form")


@pytest.mark.parametrize("participant", [False, True], ids=["signed-out", "participant"])
def test_every_language_of_a_page_carries_the_number_of_the_one_stream(
    alice, consultation, french_consultation, django_capture_on_commit_callbacks, participant
):
    with django_capture_on_commit_callbacks(execute=True):  # the event is numbered then
        services.comment_create(
            consultation=consultation, author=alice, body="Heard live.", display_mode="named"
        )
    client = signed_in(alice) if participant else Client()
    numbers = {
        re.search(r'data-live-seq="(\d+)"', client.get(page.url).content.decode())[1]
        for page in (consultation, french_consultation)
    }
    assert numbers == {"1"}


@pytest.mark.parametrize("participant", [False, True], ids=["signed-out", "participant"])
def test_a_page_reads_its_stream_number_before_the_rows_it_shows(
    alice, consultation, ids, participant
):
    # What the page shows of the discussion and of the reader's answers.
    services.comment_create(
        consultation=consultation, author=alice, body="Read after.", display_mode="named"
    )
    questionnaires.response_save_draft(
        user=alice, consultation=consultation, answers={ids["long_text"]: "Also after."}
    )
    client = signed_in(alice) if participant else Client()

    with CaptureQueriesContext(connection) as captured:
        html = client.get(consultation.url).content.decode()

    assert "Read after." in html and ("Also after." in html) is participant
    reads = [query["sql"] for query in captured.captured_queries]
    number = next(n for n, sql in enumerate(reads) if "realtime_livesequence" in sql)
    shown = ('"discussion_comment"."body_html"', '"discussion_position"', "questionnaires_response")
    for table in shown:
        assert all(n >= number for n, sql in enumerate(reads) if table in sql), table
