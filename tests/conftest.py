"""Fixtures every test shares."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs about a second per login on a small machine; no test here is
    # about the hasher, and production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
