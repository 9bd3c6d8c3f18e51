"""Client addresses as the servers really run: a forged X-Forwarded-For never chooses the
address a rate limit counts.

Real processes on a throwaway SQLite database: uvicorn started with the command `make run`
prints, or with infra/Procfile's web line behind nginx configured with infra/nginx.conf's
proxy settings (skipped where nginx is not installed).
"""

import http.client
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from platform_support import BASE_DIR, clean_env, run_python

from consult.core.ratelimit import rate_for
from tests.realtime.servers import free_port, wait_until_up

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


@pytest.fixture
def app_env(migrated, tmp_path) -> dict[str, str]:
    """Development settings on a copy of the migrated database: its own cache table, so
    no test sees another's counts."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated, database)
    return clean_env({"SQLITE_PATH": str(database), "DEBUG": "0", "LOG_LEVEL": "WARNING"})


@contextmanager
def running(command: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[None]:
    """`command` running until the block ends, once `port` answers /healthz."""
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=output, stderr=output)
        try:
            wait_until_up(port, process)
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


def nginx_block(config: str, head: str) -> str:
    """The block of `config` that starts with `head`, braces included."""
    start = config.index(head)
    depth = 0
    for end in range(config.index("{", start), len(config)):
        depth += {"{": 1, "}": -1}.get(config[end], 0)
        if depth == 0:
            return config[start : end + 1]
    raise ValueError(f"{head!r} is not closed")


@contextmanager
def nginx_in_front(app_port: int, port: int, directory: Path) -> Iterator[None]:
    """nginx on `port` with infra/nginx.conf's proxying of `location /` (TLS aside)."""
    config = (BASE_DIR / "infra" / "nginx.conf").read_text()
    temp = {name: directory / name for name in ("client", "proxy", "fastcgi", "uwsgi", "scgi")}
    (directory / "nginx.conf").write_text(
        f"""
        daemon off;
        worker_processes 1;
        pid {directory / "nginx.pid"};
        events {{ worker_connections 64; }}
        http {{
            access_log off;
            client_body_temp_path {temp["client"]};
            proxy_temp_path {temp["proxy"]};
            fastcgi_temp_path {temp["fastcgi"]};
            uwsgi_temp_path {temp["uwsgi"]};
            scgi_temp_path {temp["scgi"]};
            {nginx_block(config, "map $http_upgrade $connection_upgrade")}
            upstream consult {{ server 127.0.0.1:{app_port}; }}
            server {{
                listen 127.0.0.1:{port};
                {nginx_block(config, "location / {")}
            }}
        }}
        """
    )
    log = directory / "nginx-error.log"
    command = [NGINX, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(log)]
    with running(command, {}, port, directory / "nginx.out"):
        yield


def request(
    port: int,
    method: str,
    path: str,
    *,
    forwarded: str | None = None,
    source: str = "127.0.0.1",
    form: dict | None = None,
) -> tuple[int, str]:
    headers = {"Cookie": f"{settings.CSRF_COOKIE_NAME}={CSRF}"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    body = None
    if form is not None:
        body = urlencode({"csrfmiddlewaretoken": CSRF, **form})
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
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


def guess_from_forged_addresses(port: int) -> None:
    """Every failure allowed from one client, each claiming another address."""
    for n in range(failures_allowed_per_address()):
        html = failed_login(port, f"guess{n}@example.org", forwarded=f"203.0.113.{n + 1}")
        assert BLOCKED not in html


def test_make_run_takes_no_client_address_from_x_forwarded_for(app_env, tmp_path):
    port = free_port()

    with running(make_run_command(port), app_env, port, tmp_path / "uvicorn.log"):
        guess_from_forged_addresses(port)
        blocked = failed_login(port, "guess-last@example.org", forwarded="198.51.100.1")

    assert BLOCKED in blocked


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian: nginx-light)")
def test_behind_nginx_a_forged_x_forwarded_for_chooses_no_address(app_env, tmp_path):
    app_port, port = free_port(), free_port()
    # As docs/deployment.md has it with infra/nginx.conf.
    env = {
        **app_env,
        "TRUSTED_PROXY_COUNT": "1",
        "PORT": str(app_port),
        "WEB_CONCURRENCY": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
    }
    with (
        running(procfile_web_command(), env, app_port, tmp_path / "uvicorn.log"),
        nginx_in_front(app_port, port, tmp_path),
    ):
        # allauth's login limits (which read X-Forwarded-For itself, one proxy deep).
        guess_from_forged_addresses(port)
        assert BLOCKED in failed_login(port, "guess-last@example.org", forwarded="198.51.100.1")
        # Another client is counted apart: the address that reaches the limits is nginx's
        # client, not one address for everyone.
        assert BLOCKED not in failed_login(port, "other@example.org", source="127.0.0.2")
        # The open-data API's limit, which reads the address uvicorn gives Django.
        statuses = [
            request(port, "GET", "/api/v1/consultations", forwarded=f"203.0.113.{n % 250 + 1}")[0]
            for n in range(rate_for("api").limit + 1)
        ]
        other = request(port, "GET", "/api/v1/consultations", source="127.0.0.2")[0]

    assert set(statuses[:-1]) == {200}
    assert statuses[-1] == 429
    assert other == 200
