"""Answering a consultation's questions through the HTTP client, as a participant would."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from consult.consultations.models import ConsultationPage
from consult.questionnaires.models import Response, ResponseState

pytestmark = pytest.mark.django_db


def url(page) -> str:
    return reverse("questionnaires:response", kwargs={"page_id": page.pk})


def complete_answers(ids: dict[str, str]) -> dict:
    return {
        ids["scale"]: "4",
        ids["single_choice"]: "1",
        ids["multiple_choice"]: ["0", "2"],
        ids["long_text"]: "I take this train every day.",
    }


def test_a_draft_keeps_partial_answers_without_asking_for_required_ones(
    client, alice, consultation, ids
):
    client.force_login(alice)

    response = client.post(
        url(consultation), {ids["long_text"]: "Half a thought", "action": "draft"}
    )

    assert response.status_code == 302
    assert response["Location"] == consultation.url + "#questions"
    saved = Response.objects.get()
    assert saved.state == ResponseState.DRAFT
    assert saved.answers == {ids["long_text"]: "Half a thought"}
    assert saved.consultation_id == consultation.pk
    assert saved.stakeholder_group == "affected"
    assert saved.submitted_at is None
    page = client.get(consultation.url).content.decode()
    assert "Draft saved at" in page
    assert "Half a thought</textarea>" in page
    assert "it is not counted until you submit it." in page


def test_submitting_complete_answers_stores_indexes_and_says_thank_you(
    client, alice, consultation, ids
):
    client.force_login(alice)

    response = client.post(url(consultation), {**complete_answers(ids), "action": "submit"})

    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.state == ResponseState.SUBMITTED
    assert saved.submitted_at is not None
    assert saved.answers == {
        ids["scale"]: 4,
        ids["single_choice"]: 1,
        ids["multiple_choice"]: [0, 2],
        ids["long_text"]: "I take this train every day.",
    }
    page = client.get(consultation.url).content.decode()
    assert "your answers were submitted" in page
    assert "You submitted your answers on" in page
    assert f'value="1" id="id_{ids["single_choice"]}_1" checked' in page


def test_submitting_without_required_answers_shows_errors_beside_them_and_keeps_the_rest(
    client, alice, consultation, ids
):
    client.force_login(alice)
    answers = {ids["multiple_choice"]: ["2"], ids["long_text"]: "Kept as typed", "action": "submit"}

    response = client.post(url(consultation), answers)

    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("This question needs an answer before you submit.") == 2
    # The errors are tied to their questions for screen readers.
    scale_error = f'id="id_{ids["scale"]}_error"'
    assert scale_error in html
    assert f'aria-describedby="id_{ids["scale"]}_error"' in html
    assert "Your answers were not saved." in html
    # Nothing typed is lost.
    assert "Kept as typed</textarea>" in html
    assert f'value="2" id="id_{ids["multiple_choice"]}_2" checked' in html
    assert html.count("<h1") == 1
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single_choice", "7", "Choose one of the options offered."),
        ("single_choice", "-1", "Choose one of the options offered."),
        ("single_choice", "yes", "Choose one of the options offered."),
        ("multiple_choice", ["0", "9"], "Choose among the options offered."),
        ("scale", "6", "Choose a number from 1 to 5."),
        ("scale", "0", "Choose a number from 1 to 5."),
        ("scale", "3.5", "Choose a number from 1 to 5."),
    ],
)
@pytest.mark.parametrize("action", ["draft", "submit"])
def test_answers_outside_the_question_are_refused_with_a_clear_error(
    client, alice, consultation, ids, kind, value, message, action
):
    client.force_login(alice)
    answers = {**complete_answers(ids), ids[kind]: value, "action": action}

    response = client.post(url(consultation), answers)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<ul class="errorlist" id="id_{ids[kind]}_error"><li>{message}</li></ul>' in html
    assert "I take this train every day.</textarea>" in html
    assert not Response.objects.exists()


def test_a_long_text_answer_over_the_limit_is_refused_and_kept_whole(
    client, alice, consultation, ids, settings
):
    settings.CONSULT_ANSWER_MAX_LENGTH = 20
    client.force_login(alice)
    too_long = "This answer is rather longer than twenty characters"

    response = client.post(url(consultation), {ids["long_text"]: too_long, "action": "draft"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Please shorten your answer to 20 characters or fewer; it has 51 characters." in html
    assert f"{too_long}</textarea>" in html
    assert 'data-maxlength="20"' in html
    assert not Response.objects.exists()


def test_hostile_text_is_stored_as_typed_and_escaped_on_output(client, alice, make_consultation):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    page = make_consultation()
    text_id = {child.block_type: child.id for child in page.questions}["long_text"]
    client.force_login(alice)
    client.post(url(page), {text_id: hostile, "action": "draft"})

    assert Response.objects.get().answers[text_id] == hostile
    html = client.get(page.url).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_null_character_is_refused_not_a_server_error(client, alice, consultation, ids):
    client.force_login(alice)

    response = client.post(url(consultation), {ids["long_text"]: "bad\x00byte", "action": "draft"})

    assert response.status_code == 400
    assert not Response.objects.exists()


def test_invalid_utf8_in_the_form_is_not_a_server_error(client, alice, consultation, ids):
    client.force_login(alice)
    body = f"{ids['long_text']}=caf%E9%FF&action=draft"

    response = client.post(
        url(consultation), body, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code in (302, 400)


def test_answers_can_be_changed_and_resubmitted_while_open(client, alice, consultation, ids):
    client.force_login(alice)
    client.post(url(consultation), {**complete_answers(ids), "action": "submit"})
    first = Response.objects.get()

    changed = {**complete_answers(ids), ids["scale"]: "1", "action": "submit"}
    response = client.post(url(consultation), changed)

    assert response.status_code == 302
    again = Response.objects.get()
    assert again.pk == first.pk
    assert again.answers[ids["scale"]] == 1
    assert again.submitted_at > first.submitted_at
    # A submitted response is changed by submitting, never turned back into a draft.
    page = client.get(consultation.url).content.decode()
    assert "Submit my changes" in page
    assert 'value="draft"' not in page
    assert "data-autosave" not in page
    refused = client.post(url(consultation), {ids["long_text"]: "x", "action": "draft"})
    assert refused.status_code == 400
    assert "submit them again to change them" in refused.content.decode()
    assert Response.objects.get().state == ResponseState.SUBMITTED


@pytest.mark.parametrize(
    ("opens_in", "lasts", "message"),
    [
        (timedelta(days=3), timedelta(days=30), "when the consultation opens, you can answer"),
        (timedelta(days=-40), timedelta(days=30), "This consultation is closed"),
    ],
)
def test_nothing_is_written_to_an_upcoming_or_closed_consultation(
    client, alice, make_consultation, opens_in, lasts, message
):
    page = make_consultation(opens_in=opens_in, lasts=lasts)
    text_id = {child.block_type: child.id for child in page.questions}["long_text"]
    client.force_login(alice)

    shown = client.get(page.url).content.decode()
    response = client.post(url(page), {text_id: "Too early or too late", "action": "draft"})

    assert message in shown
    assert "<textarea" not in shown
    assert "How would it affect you?" in shown  # the questions, read-only
    assert response.status_code == 302
    assert response["Location"] == page.url + "#questions"
    assert not Response.objects.exists()
    json = client.post(url(page), {"action": "draft"}, headers={"accept": "application/json"})
    assert json.status_code == 403


def test_anonymous_readers_are_asked_to_sign_in(client, consultation, ids):
    shown = client.get(consultation.url).content.decode()
    response = client.post(url(consultation), {ids["long_text"]: "Hello", "action": "draft"})

    assert 'href="/accounts/login/?next=%2Fconsultations%2F' in shown
    assert "to answer these questions" in shown
    assert "<textarea" not in shown
    assert response.status_code == 302
    assert "Sign in to answer." in client.get(consultation.url).content.decode()
    assert not Response.objects.exists()


def test_unverified_participants_are_asked_to_verify_their_email(client, ursula, consultation, ids):
    client.force_login(ursula)

    shown = client.get(consultation.url).content.decode()
    response = client.post(url(consultation), {ids["long_text"]: "Hello", "action": "submit"})

    assert "verify your email address" in shown
    assert 'href="/accounts/email/"' in shown
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_after_closing_the_participant_reads_their_own_answers(client, alice, consultation, ids):
    client.force_login(alice)
    client.post(url(consultation), {**complete_answers(ids), "action": "submit"})
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=consultation.opens_at - timedelta(days=60),
        closes_at=consultation.opens_at - timedelta(days=30),
    )

    html = client.get(consultation.url).content.decode()

    assert "This consultation is closed" in html
    assert "Your answers" in html
    assert "4 out of 5" in html
    assert "<li>No</li>" in html
    assert "<li>Audits</li><li>Notice</li>" in html
    assert "I take this train every day." in html
    assert "<textarea" not in html


def test_french_readers_see_french_wording_and_share_the_english_response(
    client, alice, consultation, french_consultation, ids
):
    client.force_login(alice)

    french_form = client.get(french_consultation.url).content.decode()
    response = client.post(url(french_consultation), {**complete_answers(ids), "action": "submit"})

    assert "Faut-il le faire ?" in french_form
    assert "Je ne sais pas" in french_form
    assert "1 \N{EN DASH} Pas du tout" in french_form
    assert response.status_code == 302
    assert response["Location"] == french_consultation.url + "#questions"
    saved = Response.objects.get()
    assert saved.consultation_id == consultation.pk  # the canonical, English page
    assert saved.answers[ids["single_choice"]] == 1
    english = client.get(consultation.url).content.decode()
    assert "You submitted your answers on" in english
    assert f'value="1" id="id_{ids["single_choice"]}_1" checked' in english
    # Answering again from English changes the same response.
    client.post(url(consultation), {**complete_answers(ids), "action": "submit"})
    assert Response.objects.count() == 1


def test_csrf_is_enforced(alice, consultation, ids):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    forged = client.post(url(consultation), {ids["long_text"]: "Forged", "action": "draft"})
    token = client.get(url(consultation)).cookies["csrftoken"].value
    genuine = client.post(
        url(consultation),
        {ids["long_text"]: "Mine", "action": "draft", "csrfmiddlewaretoken": token},
    )

    assert forged.status_code == 403
    assert genuine.status_code == 302
    assert Response.objects.get().answers == {ids["long_text"]: "Mine"}


def test_saving_too_often_is_refused_with_when_to_retry_and_input_kept(
    client, alice, consultation, ids, settings
):
    settings.CONSULT_RATE_LIMITS = {"response": "2/h"}
    client.force_login(alice)
    for _ in range(2):
        client.post(url(consultation), {ids["long_text"]: "Draft", "action": "draft"})

    response = client.post(url(consultation), {ids["long_text"]: "Third draft", "action": "draft"})
    json = client.post(
        url(consultation),
        {ids["long_text"]: "Fourth", "action": "draft"},
        headers={"accept": "application/json"},
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "You are saving answers too quickly. Please try again in" in html
    assert "Third draft</textarea>" in html
    assert json.status_code == 429
    assert "too quickly" in json.json()["message"]
    assert Response.objects.get().answers == {ids["long_text"]: "Draft"}


def test_autosave_answers_in_json(client, alice, consultation, ids):
    client.force_login(alice)
    headers = {"accept": "application/json"}

    saved = client.post(url(consultation), {ids["long_text"]: "Typing…"}, headers=headers)
    invalid = client.post(url(consultation), {ids["scale"]: "9"}, headers=headers)

    assert saved.status_code == 200
    assert saved.json()["saved"] is True
    assert saved.json()["message"].startswith("Draft saved at")
    assert invalid.status_code == 400
    assert invalid.json()["errors"] == {ids["scale"]: ["Choose a number from 1 to 5."]}
    assert "1. Choose a number from 1 to 5." in invalid.json()["message"]
    assert Response.objects.get().answers == {ids["long_text"]: "Typing…"}


def test_the_form_is_wired_for_autosave_and_accessible_labels(client, alice, consultation, ids):
    client.force_login(alice)

    html = client.get(consultation.url).content.decode()

    assert 'class="questionnaire"' in html
    assert "data-autosave" in html
    assert 'data-questionnaire-status aria-live="polite"' in html
    assert "/static/js/questionnaires.js" in html
    assert f'<label class="question__prompt" for="id_{ids["long_text"]}">' in html
    assert f'aria-describedby="id_{ids["long_text"]}_helptext"' in html
    assert "<legend" in html
    assert html.count("<h1") == 1
    assert "<script>" not in html  # no inline script
