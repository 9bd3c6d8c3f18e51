"""The Redis cache's own SET (consult.core.failsoft_cache): the same answers and expiries as
Django's Redis backend gives. Runs where REDIS_URL is set, as in CI."""

import os

import pytest
import redis
from django.core.cache import cache

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: Redis runs in CI"
)


def ttl(key: str) -> int:
    """Seconds left, as Redis itself tells (-1: no expiry)."""
    with redis.Redis.from_url(os.environ["REDIS_URL"]) as client:
        return client.ttl(cache.make_and_validate_key(key))


def test_set_keeps_a_value_for_its_timeout():
    cache.set("kept", {"a": [1, 2]}, timeout=30)

    assert cache.get("kept") == {"a": [1, 2]}
    assert 0 < ttl("kept") <= 30


def test_set_without_a_timeout_keeps_the_value_until_evicted():
    cache.set("forever", "v", timeout=None)

    assert cache.get("forever") == "v"
    assert ttl("forever") == -1


def test_set_with_a_zero_timeout_removes_the_value():
    cache.set("gone", "v", timeout=30)
    cache.set("gone", "w", timeout=0)

    assert cache.get("gone") is None


def test_add_keeps_the_first_value_only():
    assert cache.add("first", 1, timeout=30) is True
    assert cache.add("first", 2, timeout=30) is False

    assert cache.get("first") == 1
    assert 0 < ttl("first") <= 30
