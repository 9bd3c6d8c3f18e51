"""The Redis cache, made to fail soft: when Redis stops answering, the site keeps working.

Everything this project keeps in the cache can be done without for a while: the pages kept
for anonymous readers and the versions that validate them (consult.discussion.cache), rate
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
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import cached_property
from redis.exceptions import RedisError

from consult.core.metrics import CACHE_SECONDS

logger = logging.getLogger(__name__)

# How long, after a failure, calls skip Redis before trying it again.
RETRY_AFTER = 5.0

_outage_listeners: list = []
_recovery_listeners: list = []


def on_outage(listener) -> None:
    """Call `listener()` whenever this process finds Redis unreachable."""
    _outage_listeners.append(listener)


def on_recovery(listener) -> None:
    """Call `listener()` when this process reaches Redis again after an outage."""
    _recovery_listeners.append(listener)


class _Connection:
    """One process's client of one Redis location, and whether it is reachable."""

    def __init__(self, client):
        self.client = client
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


class _SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a redis.Redis around its connection pool for every command,
    which costs more Python than sending the command (redis-py sets up hundreds of response
    callbacks each time). A redis.Redis on a pool is safe to share between threads: one is
    kept per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client

    # redis-py's set() inspects its own signature on every call (for its deprecation
    # warnings), which costs more Python than sending the command: SET is sent as it is.
    def set(self, key, value, timeout):
        if timeout == 0:
            return super().set(key, value, timeout)
        self._set(key, value, timeout)

    def add(self, key, value, timeout):
        if timeout == 0:
            return super().add(key, value, timeout)
        return bool(self._set(key, value, timeout, "NX"))

    def _set(self, key, value, timeout, *flags):
        expiry = () if timeout is None else ("EX", timeout)
        client = self.get_client(key, write=True)
        return client.execute_command("SET", key, self._serializer.dumps(value), *expiry, *flags)


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _SharedClientRedisCacheClient

    @cached_property
    def _connection(self) -> _Connection:
        key = (tuple(self._servers), repr(sorted(self._options.items())))
        with _connections_lock:
            if key not in _connections:
                _connections[key] = _Connection(self._class(self._servers, **self._options))
            return _connections[key]

    @property
    def _cache(self):
        return self._connection.client

    def _call(self, method, fallback, *args, **kwargs):
        state = self._connection
        if state.down_since is not None and time.monotonic() < state.retry_at:
            CACHE_SECONDS.labels("skipped").observe(0)
            return fallback
        started = time.perf_counter()
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            CACHE_SECONDS.labels("failed").observe(time.perf_counter() - started)
            self._failed(error)
            return fallback
        CACHE_SECONDS.labels("ok").observe(time.perf_counter() - started)
        if state.down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: RedisError) -> None:
        state = self._connection
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
        state = self._connection
        with state.lock:
            if state.down_since is None:
                return
            seconds = time.monotonic() - state.down_since
            state.down_since = None
        logger.warning("Redis cache is back after %.0f s.", seconds)
        for listener in _recovery_listeners:
            listener()

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, [], data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, delta, key, delta, version)

    def count(self, key, *, timeout: int | None, version=None) -> int:
        """consult.core.counting.count in one round trip (Django's incr takes two and fails on
        a missing key): INCR creates the count, EXPIRE (when `timeout` is given) keeps it
        `timeout` seconds from now. While Redis is unreachable every count is the first."""
        key = self.make_and_validate_key(key, version=version)
        return self._call(self._count, 1, key, timeout)

    def _count(self, key: str, timeout: int | None) -> int:
        client = self._cache.get_client(key, write=True)
        if timeout is None:
            return client.incr(key)
        pipe = client.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, timeout)
        return pipe.execute()[0]

    def clear(self):
        return self._call(super().clear, False)
