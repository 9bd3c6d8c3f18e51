import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Profile, User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "dana@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Dana Okafor",
    "stakeholder_group": "community",
    "organisation": "Riverside Tenants",
    "preferred_language": "fr",
}


def confirmation_path(message) -> str:
    match = re.search(r"http://testserver(/\S*/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_signup_creates_user_and_profile_and_sends_verification(client):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Dana Okafor"
    assert profile.stakeholder_group == "community"
    assert profile.organisation == "Riverside Tenants"
    assert profile.preferred_language == "fr"
    assert re.fullmatch(r"Participant \d{4}", profile.pseudonym)
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
    assert not logged_in(client)


def test_following_the_verification_link_verifies_and_login_then_works(client):
    client.post("/accounts/signup/", SIGNUP)
    path = confirmation_path(mail.outbox[0])

    # Confirming takes a POST: mail scanners that follow links must not confirm.
    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 302

    user = User.objects.get(email="dana@example.org")
    assert user.emailaddress_set.get().verified
    newcomer = Client()
    response = newcomer.post(
        "/accounts/login/", {"login": "dana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert newcomer.session["_auth_user_id"] == str(user.pk)


def test_login_before_verification_gives_no_session(client):
    client.post("/accounts/signup/", SIGNUP)

    other = Client()
    response = other.post("/accounts/login/", {"login": "dana@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.endswith("/accounts/confirm-email/")
    assert not logged_in(other)
    assert other.get("/accounts/profile/").status_code == 302


def test_bad_signup_keeps_what_was_typed_and_explains_beside_the_field(client):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "display_name": "Participant 4821", "password2": "nope"}
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'value="dana@example.org"' in html
    assert 'value="Riverside Tenants"' in html
    assert re.search(r'<input[^>]*value="community"[^>]*checked', html)
    display_name = re.search(r'<input[^>]*id="id_display_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in display_name
    assert re.search(r'aria-describedby="[^"]*\bid_display_name_error\b', display_name)
    assert 'id="id_display_name_error"' in html
    assert "reserved for pseudonyms" in html
    assert 'id="id_password2_error"' in html


def test_signup_with_a_taken_address_looks_the_same_and_creates_nothing(client, alice):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "alice@example.org"})

    assert response.status_code == 302
    assert User.objects.filter(email="alice@example.org").count() == 1
    # The owner is told someone tried; the visitor learns nothing.
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_french_signup_page_renders_in_french(client):
    response = client.get("/fr/accounts/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert re.search(r'<option value="fr"[^>]*selected', html)
    assert html.count("<h1") == 1
