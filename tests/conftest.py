"""Fixtures every test shares."""

import copy
import uuid

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs about a second per login on a small machine; no test here is
    # about the hasher, and production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """Each test gets its own keys in the real cache backend (database or Redis).

    The cache outlives a test's database and, with Redis, is shared by parallel workers and
    other runs: allauth's rate limits and Wagtail's site root paths (page ids) live there.
    A fresh key prefix isolates tests without flushing anyone's cache.
    """
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
