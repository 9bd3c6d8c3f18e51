"""Real server processes for the live tests and the fan-out benchmark: `make run`'s uvicorn
command, a SQLite database of their own, seeded by a child process, and the REDIS_URL given.
"""

import json
import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
CSRF = "a" * 32  # an unmasked secret is a valid token for its own cookie

# Verified participants with a profile, and the session cookie of each.
WRITERS = """
import json, sys
import django
django.setup()
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from accounts.models import User
from accounts.services import profile_create

cookies = []
for n in range(int(sys.argv[1])):
    email = f"writer-{sys.argv[2]}-{n}@example.org"
    user = User.objects.create_user(email=email, password="!")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(user=user, display_name=f"Writer {n}", stakeholder_group="affected")
    client = Client()
    client.force_login(user)
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps(cookies))
"""

# A fresh database with one open consultation; prints its id.
SEED = """
import django
django.setup()
from django.core.management import call_command
from tests import factories

call_command("migrate", verbosity=0, interactive=False)
call_command("createcachetable", verbosity=0)
index = factories.make_index_page(factories.home_page())
page = factories.make_consultation(index, "Live test", system=factories.make_ai_system("Live"))
print(page.pk)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database: Path, redis_url: str, **extra: str) -> dict[str, str]:
    # SQLite in `database`, never the database DATABASE_URL names.
    inherited = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": str(database),
        "REDIS_URL": redis_url,
        # Its own channels: another run's servers on this Redis may serve the same page ids.
        "REDIS_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "0",
        **extra,
    }


def _run(env: dict[str, str], script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def new_writers(env: dict[str, str], count: int) -> list[str]:
    """Session cookies of `count` new verified participants in the database `env` names."""
    return json.loads(_run(env, WRITERS, str(count), str(time.time_ns())))


def seed_page(env: dict[str, str]) -> int:
    """The id of the one open consultation of a fresh database (migrated here)."""
    return int(_run(env, SEED))


def seed(env: dict[str, str], writers: int = 1) -> dict:
    return {"page": seed_page(env), "cookies": new_writers(env, writers)}


@contextmanager
def servers(env: dict[str, str], count: int, log_dir: Path) -> Iterator[list[int]]:
    """`count` uvicorn processes serving config.asgi, as `make run` starts it."""
    ports = [free_port() for _ in range(count)]
    processes = []
    try:
        for port in ports:
            processes.append(start_server(env, port, log_dir))
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def start_server(env: dict[str, str], port: int, log_dir: Path) -> subprocess.Popen:
    log = open(log_dir / f"uvicorn-{port}.log", "w")  # noqa: SIM115 - lives as long
    command = [
        sys.executable, "-m", "uvicorn", "config.asgi:application",
        "--host", "127.0.0.1", "--port", str(port),
        "--ws-max-size", "1048576", "--no-server-header", "--no-proxy-headers",
        "--no-access-log",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_until_up(port: int, process: subprocess.Popen, tls: ssl.SSLContext | None = None) -> None:
    scheme = "https" if tls else "http"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} stopped")
        try:
            address = f"{scheme}://127.0.0.1:{port}/healthz"
            with urllib.request.urlopen(address, timeout=2, context=tls):  # noqa: S310 - ours
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server on port {port} did not answer")


def post_comment(port: int, page_id: int, cookie: str, body: str) -> int:
    """Post a comment as the page's script does; returns the HTTP status."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/consultations/{page_id}/comments/",
        data=urlencode(
            {"csrfmiddlewaretoken": CSRF, "body": body, "display_mode": "pseudonym"}
        ).encode(),
        headers={
            "Accept": "application/json",
            "Cookie": f"sessionid={cookie}; csrftoken={CSRF}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - http, ours
        return response.status
