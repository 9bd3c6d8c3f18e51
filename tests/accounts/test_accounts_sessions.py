"""Who a request is signed in as: the session and the user are read with written-out queries
(accounts.sessions, accounts.backends), which must honour what Django's own reads do."""

from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import aget_user
from django.contrib.sessions.models import Session
from django.http import HttpRequest
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


def _async_user(client):
    """Who Django's async path (request.auser(), as async views and middleware ask) finds
    signed in with the client's session cookie."""
    request = HttpRequest()
    request.session = import_module(settings.SESSION_ENGINE).SessionStore(
        client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return async_to_sync(aget_user)(request)


def test_the_async_path_signs_in_whom_the_sync_path_does(client, alice):
    sign_in(client, alice)

    assert _async_user(client) == alice == client.get(PROFILE).context["user"]


@pytest.mark.parametrize("change", ["expired", "deactivated", "deleted"])
def test_the_async_path_signs_nobody_in_when_the_sync_path_does_not(client, alice, change):
    sign_in(client, alice)
    if change == "expired":
        Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    elif change == "deactivated":
        alice.is_active = False
        alice.save(update_fields=["is_active"])
    else:
        alice.delete()

    assert not _async_user(client).is_authenticated
    assert client.get(PROFILE).status_code == 302


@pytest.mark.parametrize("path", ["sync", "async"])
def test_a_session_key_nobody_holds_is_never_adopted(path):
    """A key sent in a cookie but held by no session (made up, or planted by someone else) is
    dropped when read: what the session then keeps goes under a new key, never the sent one."""
    sent = "madeupkeythatnosessionholds00000"
    store = import_module(settings.SESSION_ENGINE).SessionStore(sent)

    loaded = store.load() if path == "sync" else async_to_sync(store.aload)()
    store["language"] = "fr"
    store.save()

    assert loaded == {}
    assert store.session_key not in (None, sent)
    assert not Session.objects.filter(session_key=sent).exists()
