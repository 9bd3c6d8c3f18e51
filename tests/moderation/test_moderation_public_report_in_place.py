"""Reporting a comment in place, as the discussion's script does it: the report view answers a
request that accepts JSON with the form as a fragment, then with the comment's "reported"
mark, or with the form again, what was typed kept and the refusal beside it. Who may report,
and CSRF, are as for the page (test_moderation_public_participants.py, without JavaScript)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from consult.moderation.models import Flag, RuleCode
from consult.moderation.services.comments import comment_hide

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}
REPORTED = '<span class="comment__reported">You reported this comment</span>'


@pytest.fixture
def comment(consultation, alice, post_comment):
    return post_comment(consultation, alice, "Cheap watches at example.com")


def report_url(comment, language: str = "en") -> str:
    with translation.override(language):
        return reverse("moderation_flag", args=[comment.pk])


def test_the_form_comes_as_a_fragment_to_put_under_the_comment(client, comment, bob):
    client.force_login(bob)
    response = client.get(report_url(comment), headers=JSON)
    assert response.status_code == 200
    answer = response.json()
    html = answer["html"].strip()
    assert answer["ok"] is True
    assert html.startswith("<form") and "<html" not in html
    assert f'action="{report_url(comment)}"' in html and "data-flag-form" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert html.count('type="radio"') == len(RuleCode.choices)
    assert 'name="note"' in html and "Send the report" in html
    # The Cancel button is for the script to show; the page itself has no use for it.
    assert re.search(r"<button[^>]*data-flag-cancel hidden>Cancel</button>", html)


def test_a_report_sent_in_place_answers_with_the_mark_and_the_message(
    client, consultation, comment, bob
):
    client.force_login(bob)
    response = client.post(
        report_url(comment), {"rule_code": "spam", "note": "An advert."}, headers=JSON
    )
    assert response.status_code == 200
    answer = response.json()
    answer["reported"] = answer["reported"].strip()
    assert answer == {
        "ok": True,
        "reported": REPORTED,
        "message": "Thank you: your report is with the moderators. Your notifications will "
        "tell you what they decide.",
    }
    flag = Flag.objects.get()
    assert (flag.flagger, flag.rule_code, flag.note) == (bob, "spam", "An advert.")
    # The same mark as the discussion shows after a reload, and no message left for later.
    page = client.get(consultation.url).content.decode()
    assert REPORTED in page and report_url(comment) not in page
    assert "your report is with the moderators" not in page


def test_bad_input_keeps_what_was_typed_and_puts_the_error_beside_the_choice(client, comment, bob):
    client.force_login(bob)
    response = client.post(
        report_url(comment), {"rule_code": "", "note": "Please look."}, headers=JSON
    )
    assert response.status_code == 400
    answer = response.json()
    assert answer["ok"] is False and "reported" not in answer
    html = answer["html"]
    assert "Please correct the errors below." in html and "Please look.</textarea>" in html
    errors = re.search(r'<div id="flag-rule-errors">(.*?)</div>', html, re.S)
    assert errors and "This field is required." in errors.group(1)
    assert 'aria-describedby="flag-rule-errors"' in html
    assert not Flag.objects.exists()

    response = client.post(report_url(comment), {"rule_code": "nonsense"}, headers=JSON)
    assert response.status_code == 400 and "Select a valid choice" in response.json()["html"]
    assert not Flag.objects.exists()


def test_a_rate_limited_report_says_when_to_try_again_and_keeps_the_note(
    client, consultation, alice, bob, post_comment, settings
):
    settings.CONSULT_RATE_LIMITS = {**settings.CONSULT_RATE_LIMITS, "flag": "1/h"}
    first, second = (post_comment(consultation, alice, f"Comment {n}") for n in range(2))
    client.force_login(bob)
    assert client.post(report_url(first), {"rule_code": "spam"}, headers=JSON).json()["ok"]
    response = client.post(
        report_url(second), {"rule_code": "spam", "note": "Again."}, headers=JSON
    )
    assert response.status_code == 429
    html = response.json()["html"]
    assert "Please wait" in html and "Again.</textarea>" in html
    assert 'value="spam" id="rule-spam" checked' in html
    assert Flag.objects.count() == 1


def test_a_second_report_is_refused_with_what_was_typed_kept(client, comment, bob):
    client.force_login(bob)
    client.post(report_url(comment), {"rule_code": "spam"}, headers=JSON)
    # Sent from a form opened before the first report (another tab, say).
    response = client.post(
        report_url(comment), {"rule_code": "off_topic", "note": "Also off topic."}, headers=JSON
    )
    assert response.status_code == 403
    html = response.json()["html"]
    assert "You have already reported this comment" in html
    assert "Also off topic.</textarea>" in html
    assert Flag.objects.get().rule_code == "spam"
    # Opening the form again shows the mark instead.
    response = client.get(report_url(comment), headers=JSON)
    assert response.status_code == 409
    answer = response.json()
    assert (answer["ok"], answer["reported"].strip()) == (False, REPORTED)


def test_the_author_cannot_report_her_own_comment_in_place_either(client, comment, alice):
    client.force_login(alice)
    response = client.post(report_url(comment), {"rule_code": "spam"}, headers=JSON)
    assert response.status_code == 403
    assert "You cannot report your own comment." in response.json()["html"]
    assert not Flag.objects.exists()


def test_signed_out_readers_are_told_to_sign_in_in_english_and_french(client, comment):
    for language, text in (
        ("en", "Sign in to take part."),
        ("fr", "Connectez-vous pour participer."),
    ):
        for send in (client.get, client.post):
            response = send(report_url(comment, language), headers=JSON)
            assert response.status_code == 403
            assert response.json() == {"ok": False, "error": text}
    assert not Flag.objects.exists()


def test_the_fragments_speak_french_under_the_french_prefix(client, comment, bob):
    client.force_login(bob)
    form = client.get(report_url(comment, "fr"), headers=JSON).json()["html"]
    assert "Envoyer le signalement" in form and ">Annuler</button>" in form
    answer = client.post(report_url(comment, "fr"), {"rule_code": "spam"}, headers=JSON).json()
    assert answer["reported"].strip() == (
        '<span class="comment__reported">Vous avez signalé ce commentaire</span>'
    )
    assert answer["message"].startswith("Merci\u00a0: votre signalement est transmis")


def test_csrf_is_checked_as_for_the_page(comment, bob):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    response = client.post(report_url(comment), {"rule_code": "spam"}, headers=JSON)
    assert response.status_code == 403 and not Flag.objects.exists()
    # The token the fragment carries is the one the script posts back.
    html = client.get(report_url(comment), headers=JSON).json()["html"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        report_url(comment), {"rule_code": "spam", "csrfmiddlewaretoken": token}, headers=JSON
    )
    assert response.status_code == 200 and Flag.objects.count() == 1


def test_hidden_comments_cannot_be_reported_in_place(client, comment, bob, mona):
    comment_hide(comment=comment, moderator=mona, rule_code=RuleCode.SPAM)
    client.force_login(bob)
    assert client.get(report_url(comment), headers=JSON).status_code == 404
    assert client.post(report_url(comment), {"rule_code": "spam"}, headers=JSON).status_code == 404
    assert not Flag.objects.exists()
