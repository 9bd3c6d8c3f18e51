"""/healthz says the process answers; /readyz says it can reach its database (required) and
its cache (reported: the site works without Redis, degraded)."""

import socket

import pytest
from django.test import override_settings
from platform_support import run_python


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_but_degraded_when_the_cache_is_down(client):
    unreachable = {
        "default": {
            "BACKEND": "consult.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
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
