"""Who a request is signed in as: the session and the user are read with written-out queries
(accounts.sessions, accounts.backends), which must honour what Django's own reads do."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"
SIGN_IN_AGAIN = f"/accounts/login/?next={PROFILE}"


def sign_in(client, user) -> None:
    """Through the sign-in form, as a person does (allauth's backend is recorded)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_a_session_from_the_sign_in_form_signs_each_request_in(client, alice):
    sign_in(client, alice)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert response.context["user"] == alice
    assert alice.profile.pseudonym in response.content.decode()


def test_a_session_made_by_django_signs_requests_in_too(client, alice):
    client.force_login(alice)

    assert client.get(PROFILE).context["user"] == alice


def test_an_expired_session_signs_nobody_in(client, alice):
    sign_in(client, alice)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == SIGN_IN_AGAIN


def test_a_deactivated_account_is_signed_out_at_its_next_request(client, alice):
    sign_in(client, alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == SIGN_IN_AGAIN


def test_a_deleted_account_is_signed_out_at_its_next_request(client, alice):
    sign_in(client, alice)
    alice.delete()

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == SIGN_IN_AGAIN


def test_a_changed_password_signs_other_sessions_out(client, alice):
    sign_in(client, alice)
    alice.set_password("another long passphrase")
    alice.save()

    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response.url == SIGN_IN_AGAIN
