"""From a consultation to signed in and back, through the mailed link (issue 15)."""

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from accounts.models import Profile, User
from tests.accounts.conftest import PASSWORD
from tests.accounts.test_accounts_signup import SIGNUP, confirmation_path, logged_in

pytestmark = pytest.mark.django_db

CAME_FROM = "/consultations/face-recognition/"


def mailed_link(message) -> str:
    match = re.search(r"http://testserver(/\S*/confirm-email/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_mailed_link_signs_in_the_browser_that_signed_up_and_returns_there(client):
    client.post(f"/accounts/signup/?next={CAME_FROM}", {**SIGNUP, "next": CAME_FROM})

    response = client.get(mailed_link(mail.outbox[0]))

    assert response.status_code == 302
    assert response.url == CAME_FROM
    assert logged_in(client)
    assert User.objects.get(email=SIGNUP["email"]).emailaddress_set.get().verified


def test_in_another_browser_one_press_confirms_and_sign_in_returns_there(client):
    client.post("/accounts/signup/", {**SIGNUP, "next": CAME_FROM})
    link = mailed_link(mail.outbox[0])
    mail_app = Client()

    page = mail_app.get(link)
    assert page.status_code == 200
    assert not User.objects.get(email=SIGNUP["email"]).emailaddress_set.get().verified

    # The Confirm button's form carries the way back.
    action = re.search(r'<form novalidate method="post" action="([^"]+)"', page.content.decode())
    next_field = re.search(r'name="next" value="([^"]+)"', page.content.decode())
    confirmed = mail_app.post(action.group(1), {"next": next_field.group(1).replace("&amp;", "&")})
    assert confirmed.status_code == 302
    assert confirmed.url == f"/accounts/login/?next={quote(CAME_FROM, safe='')}"
    assert not logged_in(mail_app)

    signed_in = mail_app.post(
        confirmed.url, {"login": SIGNUP["email"], "password": PASSWORD, "next": CAME_FROM}
    )
    assert signed_in.url == CAME_FROM
    assert logged_in(mail_app)


def test_the_confirmation_mail_is_our_own_and_names_the_site(client):
    client.post("/accounts/signup/", SIGNUP)

    message = mail.outbox[0]
    assert message.subject == "[Consult] Confirm your email address for Consult"
    assert "Hello from" not in message.body and "testserver!" not in message.body
    assert "create an account on Consult" in message.body
    assert "The Consult team" in message.body


def test_the_confirmation_mail_is_in_french_from_the_french_pages(client):
    client.post("/fr/accounts/signup/", SIGNUP)

    message = mail.outbox[0]
    assert message.subject == "[Consult] Confirmez votre adresse e-mail pour Consult"
    assert "Bonjour," in message.body
    assert "/fr/accounts/confirm-email/" in message.body


def test_the_link_can_be_sent_again_once_the_first_is_a_few_minutes_old(client):
    client.post("/accounts/signup/", SIGNUP)
    page = client.get("/accounts/confirm-email/").content.decode()
    assert 'action="/accounts/confirm-email/resend/"' in page

    too_soon = client.post("/accounts/confirm-email/resend/", follow=True)
    assert "less than three minutes ago" in too_soon.content.decode()
    assert len(mail.outbox) == 1

    cache.clear()  # what three minutes do to allauth's rate limit
    again = client.post("/accounts/confirm-email/resend/")
    assert again.url == "/accounts/confirm-email/"
    assert len(mail.outbox) == 2
    assert confirmation_path(mail.outbox[1])


def test_resend_without_a_signup_under_way_leads_to_sign_in(client):
    response = client.post("/accounts/confirm-email/resend/")

    assert response.url == "/accounts/login/"
    assert not mail.outbox


def test_a_failed_signup_is_summarised_in_the_page_language_and_keeps_what_was_typed(client):
    response = client.post(
        "/fr/accounts/signup/",
        {**SIGNUP, "password1": "short", "password2": "different", "display_name": ""},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>\s*Erreur\s*: ", html)
    summary = re.search(r'<div class="form-errors"[^>]*autofocus>(.*?)</div>', html, re.S).group(1)
    assert '<a href="#id_display_name">Nom affiché\u00a0: Champ requis.</a>' in summary
    assert 'href="#id_password2"' in summary
    assert 'value="short"' in html and 'value="different"' in html
    assert "<form novalidate" in html


def test_consent_boxes_start_unticked_and_unticked_means_no(client):
    html = client.get("/accounts/signup/").content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*>', html)
    assert len(boxes) == 2 and not any("checked" in box for box in boxes)

    client.post("/accounts/signup/", SIGNUP)

    profile = Profile.objects.get(user__email=SIGNUP["email"])
    assert not profile.research_consent and not profile.automated_analysis_consent


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Password reset"),
        ("/accounts/signup/", "Create an account"),
        ("/fr/accounts/signup/", "Créer un compte"),
    ],
)
def test_account_pages_write_in_sentence_case(client, path, heading):
    assert re.search(rf"<h1>\s*{heading}\s*</h1>", client.get(path).content.decode())


def test_a_question_in_the_error_summary_keeps_its_own_punctuation(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "stakeholder_group": ""})

    html = response.content.decode()
    assert (
        '<a href="#id_stakeholder_group_0">Which best describes you? This field is required.</a>'
        in html
    )
    assert "?:" not in html
