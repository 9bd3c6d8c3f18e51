"""Liveness and readiness probes for the process manager and load balancer.

Readiness needs the database: without it no page can be served. The cache is reported but
not required: the Redis cache fails soft (consult.core.failsoft_cache), so while it is
unreachable the site still serves every page, only slower and without live updates; taking
every process out of the load balancer then would turn a degraded site into a down one.

Readiness answers within READY_WITHIN seconds whatever the database and Redis are doing: a
check that has not answered by then counts as failed. The checks run in threads of their own
and the driver's timeouts end them (the database's connect timeout and the pool's wait in
settings.DATABASES, the statement timeout set here, the cache's socket timeouts); until a
check ends, later probes wait for the same one rather than start another, so a hung server
holds one thread per check, never one per probe.
"""

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for

from django.core.cache import cache
from django.db import connection, connections, transaction
from django.http import JsonResponse
from wagtail.models import Site

# Load balancers commonly give a probe 2 seconds.
READY_WITHIN = 1.5
# The readiness query's own limit, so a blocked query does not hold its connection.
STATEMENT_TIMEOUT_MS = 1000

_checks = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")
_running: dict[str, Future] = {}
_running_lock = threading.Lock()


def _database_answers() -> bool:
    # A row every page needs, read like a page reads it.
    if connection.vendor != "postgresql":
        return Site.objects.exists()
    # For this transaction only: the connection goes back to the pool.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('statement_timeout', %(timeout)s, true)",
            {"timeout": str(STATEMENT_TIMEOUT_MS)},
        )
        return Site.objects.exists()


def _cache_answers() -> bool:
    cache.set("readyz", "1", 5)
    return cache.get("readyz") == "1"


def _run(check) -> bool:
    try:
        return check()
    finally:
        # The check's thread lives on: give back the connections it opened (to the pool, if
        # any; the database cache opens one too).
        connections.close_all()


def _started(name: str, check) -> Future:
    with _running_lock:
        future = _running.get(name)
        if future is None or future.done():
            future = _running[name] = _checks.submit(_run, check)
        return future


def _state(future: Future) -> str:
    answered = future.done() and future.exception() is None and future.result()
    return "ok" if answered else "unavailable"


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    database = _started("database", _database_answers)
    cache_check = _started("cache", _cache_answers)
    wait_for([database, cache_check], timeout=READY_WITHIN)
    database_state, cache_state = _state(database), _state(cache_check)
    if database_state != "ok":
        status = "unavailable"
    elif cache_state != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database_state, "cache": cache_state},
        status=503 if status == "unavailable" else 200,
    )
