"""/metrics for Prometheus, refused to the public, and the timings only this layer sees:
each request (the outermost middleware) and each SQL statement (a wrapper on every new
database connection). What is measured is in consult.core.metrics.

Prometheus reaches the web processes directly, never through the edge (infra/nginx.conf
answers /metrics with a 404): it is let in from METRICS_ALLOWED_NETWORKS or with
`Authorization: Bearer <METRICS_TOKEN>`. Anyone else gets the 404 an unknown path gets.
"""

import hmac
import ipaddress
import os
import time
from pathlib import Path

from django.conf import settings
from django.db.backends.signals import connection_created
from django.db.models import Count
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

from consult.core.metrics import (
    DATABASE_SECONDS,
    REQUEST_SECONDS,
    scrape_time_collectors,
    scrape_time_gauge,
)


def _tasks_waiting() -> dict[str, int]:
    # Tasks due now and not yet taken by the worker; the default queue is shown when empty.
    rows = DBTaskResult.objects.ready().values("queue_name").order_by().annotate(n=Count("pk"))
    return {"default": 0} | {row["queue_name"]: row["n"] for row in rows}


scrape_time_gauge(
    "consult_task_queue_depth", "Background tasks due and waiting for the worker.", "queue",
    _tasks_waiting,
)  # fmt: skip


class _TimeStatements:
    def __init__(self, alias: str):
        # The labelled child, once: looking it up again costs each statement a lock.
        self.seconds = DATABASE_SECONDS.labels(alias)

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds.observe(time.perf_counter() - started)


@receiver(connection_created)
def _time_statements(sender, connection, **kwargs) -> None:
    # Pooled connections are connected again for every request: wrap each wrapper once.
    if not any(isinstance(w, _TimeStatements) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_TimeStatements(connection.alias))


class RequestTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        # By route, never by path: a label per URL would grow without bound.
        view = match.view_name if match else "<unresolved>"
        REQUEST_SECONDS.labels(request.method, view, response.status_code).observe(
            time.perf_counter() - started
        )
        return response


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def _forget_dead_workers(path: str) -> None:
    """uvicorn replaces a worker that dies without telling anyone, so nobody calls
    mark_process_dead: the sockets a killed worker had open would be counted for ever."""
    for file in Path(path).glob("gauge_live*_*.db"):
        pid = int(file.stem.rpartition("_")[2])
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            mark_process_dead(pid, path)
        except PermissionError:
            pass  # alive, under another user


def _registry():
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not path:
        return REGISTRY
    _forget_dead_workers(path)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    for collector in scrape_time_collectors():
        registry.register(collector)
    return registry


@require_GET
def metrics(request):
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
