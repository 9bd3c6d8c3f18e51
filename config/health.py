"""Liveness and readiness probes for the process manager and load balancer.

Readiness needs the database: without it no page can be served. The cache is reported but
not required: the Redis cache fails soft (consult.core.failsoft_cache), so while it is
unreachable the site still serves every page, only slower and without live updates; taking
every process out of the load balancer then would turn a degraded site into a down one.
"""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means not ready
        database = "unavailable"
    try:
        cache.set("readyz", "1", 5)
        cache_state = "ok" if cache.get("readyz") == "1" else "unavailable"
    except Exception:  # noqa: BLE001
        cache_state = "unavailable"
    if database != "ok":
        status = "unavailable"
    elif cache_state != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "database": database, "cache": cache_state},
        status=503 if status == "unavailable" else 200,
    )
