"""/healthz says the process answers; /readyz says it can reach its database (required) and
its cache (reported: the site works without Redis, degraded)."""

import json
import socket
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from platform_support import run_python
from wagtail.models import Site


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# Transactional: the checks run on connections of their own, as on a server, which could not
# write the database cache under the test's open transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_but_degraded_when_the_cache_is_down(client):
    unreachable = {
        **settings.CACHES,
        "default": {
            "BACKEND": "consult.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        },
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
        # What readiness stands for: the site still serves its pages.
        home = client.get("/")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert home.status_code == 200


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_readyz_is_503_when_the_database_is_down(tmp_path, engine):
    # Run as a server process would be: a database file it cannot open, or a PostgreSQL
    # nobody listens for (the pool gives up after DATABASE_POOL_TIMEOUT seconds).
    env = {
        "sqlite": {"SQLITE_PATH": str(tmp_path / "no-such-directory" / "consult.sqlite3")},
        "postgresql": {
            "DATABASE_URL": f"postgres://consult@127.0.0.1:{closed_port()}/consult",
            "DATABASE_POOL_TIMEOUT": "1",
        },
    }[engine]
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    )

    result = run_python(["-c", script], env)

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert '"status": "unavailable"' in body
    assert '"database": "unavailable"' in body


@pytest.fixture
def blackhole():
    """A port on loopback that takes connections and never says a word: the kernel completes
    the handshake for a listening socket, and nobody ever reads or writes."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield server.getsockname()[1]


def test_readyz_answers_503_within_2_seconds_while_postgresql_never_answers(blackhole):
    # As a server process runs: its pool waits 3 seconds for a connection (10 by default),
    # each attempt waits for the server's first word until the connect timeout.
    env = {
        "DATABASE_URL": f"postgres://consult@127.0.0.1:{blackhole}/consult",
        "DATABASE_POOL_TIMEOUT": "3",
    }
    script = (
        # The URLconf and middleware loaded first, as in a server that has served before:
        # on a busy machine their imports alone can take a second.
        "import time, django; django.setup(); from django.test import Client; "
        "from django.urls import resolve; resolve('/readyz'); "
        "client = Client(); client.handler.load_middleware(); "
        "start = time.monotonic(); r = client.get('/readyz'); "
        "print(r.status_code, time.monotonic() - start, r.content.decode())"
    )

    result = run_python(["-c", script], env)

    assert result.returncode == 0, result.stderr
    status, seconds, body = result.stdout.strip().splitlines()[-1].split(" ", 2)
    assert (status, json.loads(body)["database"]) == ("503", "unavailable")
    assert float(seconds) < 2


@pytest.mark.django_db(transaction=True)
def test_readyz_is_degraded_within_2_seconds_while_redis_never_answers(client, blackhole):
    silent = {
        **settings.CACHES,
        "default": {
            "BACKEND": "consult.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{blackhole}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},  # as in production
        },
    }
    with override_settings(CACHES=silent):
        start = time.monotonic()
        response = client.get("/readyz")
        seconds = time.monotonic() - start

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert seconds < 2


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's locks and timeouts")
def test_a_blocked_readiness_query_answers_503_and_is_cancelled_by_its_statement_timeout(client):
    # The test's transaction holds the site table: the readiness query, on a connection of
    # its own, waits for it.
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {Site._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        start = time.monotonic()
        response = client.get("/readyz")
        seconds = time.monotonic() - start

        assert response.status_code == 503
        assert response.json()["database"] == "unavailable"
        assert seconds < 2
        # ...and stops waiting by itself, rather than holding its connection until the lock
        # is released.
        deadline = time.monotonic() + 2
        waiting = 1
        while waiting and time.monotonic() < deadline:
            time.sleep(0.1)
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
                [Site._meta.db_table],
            )
            (waiting,) = cursor.fetchone()
        assert waiting == 0
