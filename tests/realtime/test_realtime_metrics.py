"""/metrics counts the sockets open in this process, up as one connects, down as it closes,
and never one the server refused."""

import os
import re
import subprocess
import sys
from pathlib import Path

from asgiref.sync import sync_to_async
from django.test import Client

from tests.realtime.conftest import open_socket, run, stream_path

ROOT = Path(__file__).resolve().parents[2]


@sync_to_async
def open_sockets(stream: str) -> float:
    text = Client().get("/metrics").content.decode()  # the test client comes from 127.0.0.1
    found = re.search(rf'^consult_open_sockets\{{stream="{stream}"\}} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


def test_open_sockets_follow_connections(layer, consultation):
    async def scenario():
        before = await open_sockets("consultation")
        first, connected, _ = await open_socket(stream_path(consultation))
        second, also_connected, _ = await open_socket(stream_path(consultation))
        assert connected and also_connected
        assert await open_sockets("consultation") == before + 2
        await first.disconnect()
        assert await open_sockets("consultation") == before + 1
        await second.disconnect()
        assert await open_sockets("consultation") == before

    run(scenario)


def test_a_refused_socket_is_not_counted(layer, transactional_db):
    async def scenario():
        before = await open_sockets("moderation")
        socket, connected, _ = await open_socket("/ws/moderation/")  # signed out: refused
        assert not connected
        assert await open_sockets("moderation") == before
        await socket.disconnect()
        assert await open_sockets("moderation") == before

    run(scenario)


def _worker_with_sockets(directory, count: int, *, stay: bool) -> subprocess.Popen:
    """A server process in multiprocess mode with `count` sockets open; it dies without
    cleaning up (as a killed worker does) unless it stays."""
    script = (
        "import sys, time\n"
        "from consult.core.metrics import OPEN_SOCKETS\n"
        f"OPEN_SOCKETS.labels('consultation').inc({count})\n"
        "print('ready', flush=True)\n"
        f"time.sleep(600 if {stay} else 0)\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    worker = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    assert worker.stdout.readline().strip() == "ready"
    return worker


def test_a_dead_workers_sockets_are_not_counted(db, tmp_path, monkeypatch):
    dead = _worker_with_sockets(tmp_path, 3, stay=False)
    dead.wait(timeout=30)
    alive = _worker_with_sockets(tmp_path, 2, stay=True)
    try:
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
        text = Client().get("/metrics").content.decode()
    finally:
        alive.kill()
        alive.wait()

    assert 'consult_open_sockets{stream="consultation"} 2.0' in text
