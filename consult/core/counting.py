"""Counters in the shared cache (the database or Redis), for rate limits and for the
reactions that make opinion groups due."""

from collections.abc import Sequence

from django.core.cache import cache, caches

from consult.core.failsoft_cache import FailSoftRedisCache


def count(key: str, *, timeout: int | None, by: int = 1) -> int:
    """Add one (or `by`) to the count at `key`, starting from zero when there is none, and
    return it.
    The count is kept at least `timeout` seconds after its first increment (None: until it
    is evicted); with Redis, `timeout` seconds after its latest, in one round trip."""
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):
        return backend.count(key, timeout=timeout, by=by)
    # Counting first: only the first count of a key pays for creating it.
    try:
        return cache.incr(key, by)
    except ValueError:
        cache.add(key, 0, timeout=timeout)
        try:
            return cache.incr(key, by)
        except ValueError:  # expired or evicted between add and incr
            cache.set(key, by, timeout=timeout)
            return by


def count_and_read(
    key: str, others: Sequence[str], *, timeout: int | None, by: int = 1
) -> tuple[int, list]:
    """`count` at `key`, and the values under the keys `others` (None where there is none),
    read after it: with Redis, in the same round trip."""
    backend = caches["default"]
    if isinstance(backend, FailSoftRedisCache):
        return backend.count_and_get_many(key, others, timeout=timeout, by=by)
    counted = count(key, timeout=timeout, by=by)
    found = cache.get_many(others)
    return counted, [found.get(other) for other in others]
