"""A web process that is told to stop (a deployment, a scale-down: SIGTERM) closes its sockets
with 1012, "service restart", which static/js/live.js answers by reconnecting (to another
process, through the proxy) and catching up; only 4003 (refused) stops it."""

import asyncio
import json
import signal

import websockets

from tests.realtime import servers


def test_a_stopping_server_closes_its_sockets_with_service_restart(tmp_path):
    env = servers.environment(tmp_path / "live.sqlite3", "")
    page = servers.seed_page(env)
    port = servers.free_port()
    process = servers.start_server(env, port, tmp_path)

    async def scenario() -> int:
        url = f"ws://127.0.0.1:{port}/ws/consultations/{page}/?lang=en"
        async with websockets.connect(url, origin=f"http://127.0.0.1:{port}") as socket:
            await socket.send(json.dumps({"hello": True}))
            assert json.loads(await asyncio.wait_for(socket.recv(), 10))["type"] == "hello"
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(socket.recv(), 20)
            except websockets.ConnectionClosed as closed:
                return closed.rcvd.code
        raise AssertionError("the socket stayed open")

    try:
        servers.wait_until_up(port, process)
        code = asyncio.run(scenario())
        # It stops by itself once its sockets are closed (uvicorn then re-raises SIGTERM).
        assert process.wait(timeout=20) in (0, -signal.SIGTERM)
    finally:
        process.kill()
    assert code == 1012
