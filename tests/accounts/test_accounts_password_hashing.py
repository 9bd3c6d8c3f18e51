"""Passwords are stored with Argon2id; an older hash is replaced at the next sign-in."""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

import config.settings
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_hashers(settings):
    """The project's hashers, instead of the suite's fast one (tests/conftest.py)."""
    settings.PASSWORD_HASHERS = config.settings.PASSWORD_HASHERS


def test_a_new_password_is_stored_with_argon2id(project_hashers, alice):
    alice.set_password(PASSWORD)
    alice.save()

    assert alice.password.startswith("argon2$argon2id$")


def test_a_pbkdf2_hash_becomes_argon2id_when_its_owner_signs_in(project_hashers, alice):
    # Few iterations keep the test quick; Django upgrades the hash for its algorithm anyway.
    alice.password = PBKDF2PasswordHasher().encode(PASSWORD, "pbkdf2salt1234", iterations=1000)
    alice.save(update_fields=["password"])
    client = Client()

    response = client.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    alice.refresh_from_db()
    assert alice.password.startswith("argon2$argon2id$")
    # And it still opens the account.
    again = Client()
    again.post("/accounts/login/", {"login": alice.email, "password": PASSWORD})
    assert again.session["_auth_user_id"] == str(alice.pk)
