"""allauth's login limits, counted in the real shared cache (database or Redis)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BLOCKED = "Too many failed login attempts"


def login(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_the_cache_is_shared_between_processes():
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {
        "django.core.cache.backends.db.DatabaseCache",
        "consult.core.failsoft_cache.FailSoftRedisCache",
    }


def test_repeated_failures_for_one_account_block_even_the_right_password(client, alice):
    for _ in range(5):
        response = login(client, "alice@example.org", "wrong password")
        assert response.status_code == 200
        assert BLOCKED not in response.content.decode()

    response = login(client, "alice@example.org", PASSWORD)

    assert response.status_code == 200
    assert BLOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_block_follows_the_account_to_another_address(alice):
    for _ in range(5):
        login(Client(REMOTE_ADDR="203.0.113.1"), "alice@example.org", "wrong password")

    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = login(elsewhere, "alice@example.org", PASSWORD)

    assert BLOCKED in response.content.decode()
    assert "_auth_user_id" not in elsewhere.session


def test_one_address_guessing_many_accounts_is_blocked(client, alice):
    for number in range(10):
        login(client, f"guess{number}@example.org", "wrong password")

    response = login(client, "alice@example.org", PASSWORD)

    assert BLOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_accounts_are_not_blocked_by_someone_elses_failures(alice, bob):
    for _ in range(5):
        login(Client(REMOTE_ADDR="203.0.113.1"), "alice@example.org", "wrong password")

    other = Client(REMOTE_ADDR="198.51.100.7")
    response = login(other, "bob@example.org", PASSWORD)

    assert response.status_code == 302
    assert "_auth_user_id" in other.session
