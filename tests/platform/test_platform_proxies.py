"""Client addresses as the servers really run: a forged X-Forwarded-For never chooses the
address a rate limit counts.

Real processes on a throwaway SQLite database: uvicorn started with the command `make run`
prints, or with infra/Procfile's web line behind nginx configured with infra/nginx.conf's
proxy settings (skipped where nginx is not installed).
"""

import asyncio
import gzip
import http.client
import json
import shlex
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
import websockets
from django.conf import settings
from platform_support import BASE_DIR, clean_env, run_python

from consult.core.ratelimit import rate_for
from infra.topology.edge import local_site, nginx_main, site_config
from tests.realtime.servers import free_port, seed_page, wait_until_up

BLOCKED = "Too many failed login attempts"
CSRF = "a" * 32  # an unmasked secret is a valid token for its own cookie
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("proxies") / "migrated.sqlite3"
    env = {"SQLITE_PATH": str(path)}
    for command in (["migrate", "-v0"], ["createcachetable", "-v0"]):
        result = run_python(["manage.py", *command], env)
        assert result.returncode == 0, result.stderr
    return path


def development_env(migrated: Path, directory: Path) -> dict[str, str]:
    """Development settings on a copy of the migrated database in `directory`: its own cache
    table, so no server sees another's counts."""
    database = directory / "db.sqlite3"
    shutil.copy(migrated, database)
    return clean_env({"SQLITE_PATH": str(database), "DEBUG": "0", "LOG_LEVEL": "WARNING"})


@pytest.fixture
def app_env(migrated, tmp_path) -> dict[str, str]:
    return development_env(migrated, tmp_path)


@contextmanager
def running(
    command: list[str], env: dict[str, str], port: int, log: Path, tls: ssl.SSLContext | None = None
) -> Iterator[None]:
    """`command` running until the block ends, once `port` answers /healthz."""
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
        try:
            wait_until_up(port, process, tls)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def make_run_command(port: int) -> list[str]:
    """The uvicorn command of `make run`, on `port`."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(
        ["make", "-n", "run", f"PORT={port}", "HOST=127.0.0.1"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    (line,) = [line for line in dry_run.stdout.splitlines() if " uvicorn " in line]
    # This interpreter rather than the Makefile's .venv path, which may not exist here.
    return [sys.executable, *shlex.split(line)[1:]]


def procfile_web_command() -> list[str]:
    """infra/Procfile's web process, its ${...} expanded by a shell from the environment."""
    procfile = (BASE_DIR / "infra" / "Procfile").read_text()
    (line,) = [line for line in procfile.splitlines() if line.startswith("web:")]
    command = line.removeprefix("web:").strip().replace(".venv/bin/python", sys.executable)
    return ["sh", "-c", f"exec {command}"]


@contextmanager
def nginx_in_front(app_port: int, port: int, directory: Path) -> Iterator[ssl.SSLContext]:
    """nginx on `port` running infra/nginx.conf whole (only its site values set: this
    address, a self-signed certificate, `directory` for static files); yields the TLS
    context that trusts it."""
    values = local_site(
        upstreams=[f"127.0.0.1:{app_port}"],
        port=port,
        plain_port=free_port(),
        directory=directory,
        var=directory,
    )
    main = nginx_main(site_config(values), directory, worker_connections=256)
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(directory), "-c", str(main), "-e", str(directory / "t.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    command = [NGINX, "-p", str(directory), "-c", str(main), "-e", str(directory / "e.log")]
    context = ssl.create_default_context(cafile=str(directory / "edge.crt"))
    with running(command, {}, port, directory / "nginx.out", tls=context):
        yield context


def request(
    port: int,
    method: str,
    path: str,
    *,
    forwarded: str | None = None,
    source: str = "127.0.0.1",
    form: dict | None = None,
    tls: ssl.SSLContext | None = None,
) -> tuple[int, str]:
    headers = {"Cookie": f"{settings.CSRF_COOKIE_NAME}={CSRF}"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    if tls is not None:
        # nginx passes the Host without its port ($host): the origin is a trusted one.
        headers["Origin"] = f"https://127.0.0.1:{port}"
    body = None
    if form is not None:
        body = urlencode({"csrfmiddlewaretoken": CSRF, **form})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if tls is None:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, timeout=30, source_address=(source, 0)
        )
    else:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=30, source_address=(source, 0), context=tls
        )
    try:
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def failed_login(port: int, email: str, **client) -> str:
    status, html = request(
        port, "POST", "/accounts/login/", form={"login": email, "password": "wrong"}, **client
    )
    assert status == 200
    return html


def failures_allowed_per_address() -> int:
    (per_address,) = [
        rate for rate in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",") if "/ip" in rate
    ]
    return int(per_address.split("/")[0])


def within_one_window(period: int, *, needed: float) -> None:
    """Wait, if need be, for a fixed window of the rate limits (consult.core.ratelimit) with
    `needed` seconds left, so a burst sent now is counted in one window: on a loaded machine
    a burst that straddled two windows passed in both."""
    left = period - time.time() % period
    if left < needed:
        time.sleep(left + 0.1)


def guess_from_forged_addresses(port: int, **client) -> None:
    """Every failure allowed from one client, each claiming another address."""
    for n in range(failures_allowed_per_address()):
        html = failed_login(port, f"guess{n}@example.org", forwarded=f"203.0.113.{n + 1}", **client)
        assert BLOCKED not in html


def test_make_run_takes_no_client_address_from_x_forwarded_for(app_env, tmp_path):
    port = free_port()

    with running(make_run_command(port), app_env, port, tmp_path / "uvicorn.log"):
        guess_from_forged_addresses(port)
        blocked = failed_login(port, "guess-last@example.org", forwarded="198.51.100.1")

    assert BLOCKED in blocked


def test_uvicorn_writes_access_lines_redacted_and_none_with_no_access_log(app_env, tmp_path):
    # settings.LOGGING takes uvicorn's access log over (its redacting filter), as long as
    # uvicorn keeps one: its own --no-access-log still turns it off.
    secret_path = "/accounts/confirm-email/SECRETKEY/?token=abc"
    logs = {}
    for name, flags in (("on", []), ("off", ["--no-access-log"])):
        port = free_port()
        logs[name] = tmp_path / f"uvicorn-{name}.log"
        with running([*make_run_command(port), *flags], app_env, port, logs[name]):
            request(port, "GET", secret_path)
    written = logs["on"].read_text()
    assert "/accounts/confirm-email/[redacted]/?[redacted]" in written
    assert "SECRETKEY" not in written and "token=abc" not in written
    assert "confirm-email" not in logs["off"].read_text()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_behind_nginx_a_forged_x_forwarded_for_chooses_no_address(edge):
    port, tls, _ = edge
    client = {"source": "127.0.0.4", "tls": tls}
    # allauth's login limits (which read X-Forwarded-For itself, one proxy deep).
    guess_from_forged_addresses(port, **client)
    blocked = failed_login(port, "guess-last@example.org", forwarded="198.51.100.1", **client)
    assert BLOCKED in blocked
    # Another client is counted apart: the address that reaches the limits is nginx's
    # client, not one address for everyone.
    other = failed_login(port, "other@example.org", source="127.0.0.2", tls=tls)
    assert BLOCKED not in other
    # The open-data API's limit, which reads the address uvicorn gives Django.
    api = rate_for("api")
    within_one_window(api.period, needed=api.period / 2)
    statuses = [
        request(
            port,
            "GET",
            "/api/v1/consultations",
            forwarded=f"203.0.113.{n % 250 + 1}",
            **client,
        )[0]
        for n in range(api.limit + 1)
    ]
    other = request(port, "GET", "/api/v1/consultations", source="127.0.0.2", tls=tls)[0]

    assert set(statuses[:-1]) == {200}
    assert statuses[-1] == 429
    assert other == 200


@pytest.fixture(scope="module")
def edge(migrated, tmp_path_factory) -> Iterator[tuple[int, ssl.SSLContext, dict]]:
    """The application (the Procfile's web process, one consultation) behind the edge, as
    docs/deployment.md has it with infra/nginx.conf; a hashed static file and its compressed
    copy where the edge serves them from.

    Started once for the module: its tests change nothing it serves, and each sends from
    addresses of its own what a limit counts (the forged sign-ins and API calls from
    127.0.0.4, the write flood from 127.0.0.3), so their order does not matter."""
    tmp_path = tmp_path_factory.mktemp("edge")
    app_env = development_env(migrated, tmp_path)
    app_port, port = free_port(), free_port()
    page_id = seed_page(app_env)
    static = tmp_path / "static" / "css"
    static.mkdir(parents=True)
    css = b"body { color: #111; }\n" * 200
    (static / "site.0123456789ab.css").write_bytes(css)
    (static / "site.0123456789ab.css.gz").write_bytes(gzip.compress(css))
    env = {
        **app_env,
        "TRUSTED_PROXY_COUNT": "1",
        "PORT": str(app_port),
        "WEB_CONCURRENCY": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
    }
    with (
        running(procfile_web_command(), env, app_port, tmp_path / "uvicorn.log"),
        nginx_in_front(app_port, port, tmp_path) as tls,
    ):
        yield port, tls, {"page": page_id, "css": css}


def edge_response(port, tls, method, path, headers=None, source="127.0.0.1"):
    connection = http.client.HTTPSConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0), context=tls
    )
    try:
        connection.putrequest(method, path, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_the_edge_answers_over_tls_with_one_hsts_header(edge):
    port, tls, _ = edge

    page, _ = edge_response(port, tls, "GET", "/")
    missing, _ = edge_response(port, tls, "GET", "/static/none.0123456789ab.css")

    # Development settings send no HSTS: the edge does, on its own answers too.
    for response in (page, missing):
        assert response.headers.get_all("Strict-Transport-Security") == [
            "max-age=63072000; includeSubDomains; preload"
        ]
        assert response.headers.get_all("X-Content-Type-Options") == ["nosniff"]
    assert page.status == 200
    assert missing.status == 404


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_the_edge_serves_hashed_static_files_compressed_and_cached_for_a_year(edge):
    port, tls, made = edge

    response, body = edge_response(
        port, tls, "GET", "/static/css/site.0123456789ab.css", {"Accept-Encoding": "gzip"}
    )

    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == made["css"]
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_the_edge_refuses_large_bodies_and_write_floods_per_address(edge):
    port, tls, made = edge
    path = f"/consultations/{made['page']}/comments/"

    too_large, _ = edge_response(port, tls, "POST", path, {"Content-Length": str(21 * 1024 * 1024)})
    # Forty at once from one address: twenty pass at once (then five a second), the rest
    # are refused.
    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(
            pool.map(
                lambda _: (
                    edge_response(
                        port, tls, "POST", path, {"Content-Length": "0"}, source="127.0.0.3"
                    )[0].status
                ),
                range(40),
            )
        )
    other, _ = edge_response(port, tls, "POST", path, {"Content-Length": "0"}, source="127.0.0.2")

    assert too_large.status == 413
    assert 429 in statuses
    assert statuses.count(403) >= 20
    # Refused by the application (no CSRF token), not by the edge: another address is free.
    assert other.status == 403


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_the_edge_carries_live_sockets(edge):
    port, tls, made = edge

    async def hello() -> dict:
        async with websockets.connect(
            f"wss://127.0.0.1:{port}/ws/consultations/{made['page']}/?lang=en",
            origin=f"https://127.0.0.1:{port}",
            ssl=tls,
        ) as socket:
            await socket.send(json.dumps({"hello": True}))
            return json.loads(await asyncio.wait_for(socket.recv(), 10))

    assert asyncio.run(hello()) == {"type": "hello", "seq": 0}
