"""Counters in the shared cache (consult.core.counting), with whatever cache the run has:
Redis where REDIS_URL is set, the database cache otherwise."""

import uuid

import pytest
from django.core.cache import cache

from consult.core.counting import count, count_and_read

pytestmark = pytest.mark.django_db


def test_a_count_starts_at_one_and_reads_the_other_keys_after_it():
    # The cache outlives tests: fresh keys isolate this one.
    new, due, queued = (f"counting:{uuid.uuid4().hex}" for _ in range(3))
    cache.set(due, 3, timeout=30)

    assert count_and_read(new, (due, queued), timeout=30) == (1, [3, None])
    cache.add(queued, 1, timeout=30)
    assert count_and_read(new, (due, queued), timeout=30) == (2, [3, 1])
    assert count(new, timeout=30) == 3


def test_a_count_without_other_keys_or_timeout_is_a_plain_count():
    key = f"counting:{uuid.uuid4().hex}"

    assert count_and_read(key, (), timeout=None) == (1, [])
    assert count(key, timeout=None) == 2
