"""The Redis cache, made to fail soft: when Redis stops answering, the site keeps working.

Everything this project keeps in the cache can be done without for a while: the pages kept
for anonymous readers and the versions that validate them (consult.core.page_cache), rate
limits (consult.core.ratelimit, allauth), the live events kept for catch-up. So while Redis
is unreachable a read finds nothing, a write keeps nothing, a counter counts from zero (rate
limits let requests through rather than refuse everyone), and the request is served from
the database. One log line says Redis is gone and one that it is back; for a few seconds
after a failure the backend does not even try, so a Redis that hangs costs one timeout, not
one per cache call.

A version replaced during the outage never reached Redis, so what was kept under the old
one cannot be trusted afterwards: listeners drop what this process kept when it finds Redis
gone (on_outage), and replace the site version, which everything kept depends on, in every
process, once it is back (on_recovery).

Django makes a cache object per thread, and under ASGI per request: each would open its own
connection pool, so a request paid for a new connection to Redis, and an outage was noticed
(and logged, and waited for) once per request. The client and the outage state are kept per
process and location instead.
"""

import logging
import pickle
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import cached_property
from redis.exceptions import RedisError

from consult.core.metrics import CACHE_SECONDS

logger = logging.getLogger(__name__)

# How long, after a failure, calls skip Redis before trying it again.
RETRY_AFTER = 5.0

# Each outcome's timing, labelled once: looking the label up again costs every call a lock.
_OK, _FAILED, _SKIPPED = (CACHE_SECONDS.labels(name) for name in ("ok", "failed", "skipped"))

_outage_listeners: list = []
_recovery_listeners: list = []


def on_outage(listener) -> None:
    """Call `listener()` whenever this process finds Redis unreachable."""
    _outage_listeners.append(listener)


def on_recovery(listener) -> None:
    """Call `listener()` when this process reaches Redis again after an outage."""
    _recovery_listeners.append(listener)


def _dumps(value) -> bytes | int:
    # Integers as Redis reads them, so INCR counts them (as Django's Redis backend does).
    return value if type(value) is int else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _loads(data: bytes):
    try:
        return int(data)
    except ValueError:
        return pickle.loads(data)  # noqa: S301 - only this process's own values are stored


class _Connection:
    """One process's client of one Redis location, and whether it is reachable. A
    redis.Redis on a pool is safe to share between threads."""

    def __init__(self, location: str, options: dict):
        pool = redis.ConnectionPool.from_url(location, **options)
        self.client = redis.Redis(connection_pool=pool)
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0


_connections: dict[tuple, _Connection] = {}
_connections_lock = threading.Lock()


@receiver(setting_changed)
def _forget_connections(setting, **kwargs) -> None:
    # Tests point the cache elsewhere: each configuration starts with a fresh state.
    if setting == "CACHES":
        with _connections_lock:
            _connections.clear()


class FailSoftRedisCache(BaseCache):
    """A cache on one Redis (LOCATION, a redis:// URL; OPTIONS go to redis-py's connection
    pool) that answers as Django's Redis backend does while Redis answers, and as an empty
    cache while it does not."""

    def __init__(self, server, params):
        super().__init__(params)
        self.location = server if isinstance(server, str) else server[0]
        self.options = dict(params.get("OPTIONS") or {})

    @cached_property
    def connection(self) -> _Connection:
        key = (self.location, repr(sorted(self.options.items())))
        with _connections_lock:
            if key not in _connections:
                _connections[key] = _Connection(self.location, self.options)
            return _connections[key]

    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        if timeout == DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        # Redis counts whole seconds; a negative timeout expires at once, like zero.
        return None if timeout is None else max(0, int(timeout))

    def _call(self, fallback, method, *args):
        state = self.connection
        if state.down_since is not None and time.monotonic() < state.retry_at:
            _SKIPPED.observe(0)
            return fallback
        started = time.perf_counter()
        try:
            result = method(state.client, *args)
        except RedisError as error:
            _FAILED.observe(time.perf_counter() - started)
            self._failed(error)
            return fallback
        _OK.observe(time.perf_counter() - started)
        if state.down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: RedisError) -> None:
        state = self.connection
        with state.lock:
            first = state.down_since is None
            if first:
                state.down_since = time.monotonic()
            state.retry_at = time.monotonic() + RETRY_AFTER
        if first:
            logger.error(
                "Redis cache unreachable (%s): serving without the cache until it is back.",
                type(error).__name__,
            )
        for listener in _outage_listeners:
            listener()

    def _recovered(self) -> None:
        state = self.connection
        with state.lock:
            if state.down_since is None:
                return
            seconds = time.monotonic() - state.down_since
            state.down_since = None
        logger.warning("Redis cache is back after %.0f s.", seconds)
        for listener in _recovery_listeners:
            listener()

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        found = self._call(None, lambda client: client.execute_command("GET", key))
        return default if found is None else _loads(found)

    def get_many(self, keys, version=None):
        if not keys:
            return {}
        named = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._call([], lambda client: client.execute_command("MGET", *named))
        return {
            named[full]: _loads(value)
            for full, value in zip(named, found, strict=False)
            if value is not None
        }

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._call(0, lambda client: client.execute_command("EXISTS", key)))

    def _set(self, key, value, timeout, *flags):
        # SET as Redis takes it: redis-py's set() inspects its own signature on every call
        # (for its deprecation warnings), which costs more than sending the command.
        expiry = () if timeout is None else ("EX", timeout)
        return lambda client: client.execute_command("SET", key, _dumps(value), *expiry, *flags)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            # Added and gone at once, as with Django's backend: whether it was absent.
            def add_and_drop(client):
                added = self._set(key, value, None, "NX")(client)
                if added:
                    client.execute_command("DEL", key)
                return added

            return bool(self._call(None, add_and_drop))
        return bool(self._call(None, self._set(key, value, timeout, "NX")))

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout == 0:
            self._call(0, lambda client: client.execute_command("DEL", key))
            return
        self._call(None, self._set(key, value, timeout))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        timeout = self.get_backend_timeout(timeout)
        items = {self.make_and_validate_key(key, version=version): v for key, v in data.items()}

        def send(client):
            pipe = client.pipeline(transaction=False)
            for key, value in items.items():
                if timeout == 0:
                    pipe.execute_command("DEL", key)
                else:
                    expiry = () if timeout is None else ("EX", timeout)
                    pipe.execute_command("SET", key, _dumps(value), *expiry)
            pipe.execute()

        self._call(None, send)
        return []

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            return bool(self._call(0, lambda client: client.persist(key)))
        return bool(self._call(0, lambda client: client.expire(key, timeout)))

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        return bool(self._call(0, lambda client: client.execute_command("DEL", key)))

    def delete_many(self, keys, version=None):
        full = [self.make_and_validate_key(key, version=version) for key in keys]
        if full:
            self._call(0, lambda client: client.execute_command("DEL", *full))

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)

        def send(client):
            if not client.execute_command("EXISTS", key):
                raise ValueError(f"Key '{key}' not found.")
            return client.execute_command("INCRBY", key, delta)

        return self._call(delta, send)

    def count(self, key: str, *, timeout: int | None, by: int = 1, version=None) -> int:
        """consult.core.counting.count in one round trip (Django's incr takes two and fails on
        a missing key): INCRBY creates the count, EXPIRE (when `timeout` is given) keeps it
        `timeout` seconds from now. While Redis is unreachable every count is the first."""
        return self.count_and_get_many(key, (), timeout=timeout, by=by, version=version)[0]

    def count_and_get_many(
        self, key: str, others, *, timeout: int | None, by: int = 1, version=None
    ) -> tuple[int, list]:
        """`count` (`by` at once), and the values under the keys `others` (None where there is
        none) read in the same round trip."""
        key = self.make_and_validate_key(key, version=version)
        named = [self.make_and_validate_key(other, version=version) for other in others]

        def send(client):
            if timeout is None and not named:
                return [client.execute_command("INCRBY", key, by)]
            pipe = client.pipeline(transaction=False)
            pipe.execute_command("INCRBY", key, by)
            if timeout is not None:
                pipe.execute_command("EXPIRE", key, timeout)
            if named:
                pipe.execute_command("MGET", *named)
            return pipe.execute()

        replies = self._call(None, send)
        if replies is None:
            return by, [None] * len(named)
        found = replies[-1] if named else []
        return replies[0], [None if value is None else _loads(value) for value in found]

    def clear(self):
        return bool(self._call(False, lambda client: client.flushdb()))
