"""The Redis channel layer: two server processes on one Redis, 300 sockets at once, and a
channel layer that goes away and comes back. Skipped, saying why, without REDIS_URL (CI
sets it)."""

import asyncio
import json
import logging
import os

import pytest
import websockets
from django.test import Client

from consult.discussion.models import Comment
from tests.realtime import servers
from tests.realtime.conftest import open_socket, post, redis_layers, run, stream_path

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="REDIS_URL is not set: the Redis channel layer runs in CI, which sets it"
)
# Nothing listens here: connections are refused at once, as when Redis is down.
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def redis_layer(settings):
    settings.CHANNEL_LAYERS = redis_layers(REDIS_URL)


def test_a_comment_posted_to_one_server_reaches_a_socket_on_another(tmp_path):
    env = servers.environment(tmp_path / "live.sqlite3", REDIS_URL)
    seeded = servers.seed(env)
    page, cookie = seeded["page"], seeded["cookies"][0]

    async def scenario(first: int, second: int) -> dict:
        origin = f"http://127.0.0.1:{second}"
        url = f"ws://127.0.0.1:{second}/ws/consultations/{page}/?lang=en"
        async with websockets.connect(url, origin=origin) as socket:
            await socket.send(json.dumps({"hello": True}))
            assert json.loads(await asyncio.wait_for(socket.recv(), 10))["seq"] == 0
            status = await asyncio.to_thread(
                servers.post_comment, first, page, cookie, "Across processes."
            )
            assert status == 201
            return json.loads(await asyncio.wait_for(socket.recv(), 10))

    with servers.servers(env, 2, tmp_path) as (first, second):
        event = asyncio.run(scenario(first, second))
    assert event["seq"] == 1 and event["type"] == "comment"
    assert "Across processes." in event["html"]


def test_three_hundred_sockets_at_once_all_hear_the_comment(redis_layer, consultation, bob):
    async def scenario():
        opened = await asyncio.gather(*(open_socket(stream_path(consultation)) for _ in range(300)))
        sockets = [socket for socket, connected, _ in opened if connected]
        assert len(sockets) == 300
        await post(consultation, bob, "Three hundred readers.")
        events = await asyncio.gather(*(socket.receive_json_from(timeout=20) for socket in sockets))
        assert all(event["seq"] == 1 for event in events)
        await asyncio.gather(*(socket.disconnect() for socket in sockets))

    run(scenario)


def test_a_socket_idle_longer_than_the_blocking_read_still_hears(redis_layer, consultation, bob):
    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected
        # channels-redis's list layer blocks 5 seconds per read, and redis-py 8 times reads
        # out at 5 seconds unless told otherwise, which kills the socket's receive loop.
        await asyncio.sleep(6)
        await post(consultation, bob, "After a quiet spell.")
        assert (await socket.receive_json_from(timeout=5))["seq"] == 1
        await socket.disconnect()

    run(scenario)


def test_writes_succeed_while_the_layer_is_down_and_readers_catch_up_after(
    settings, consultation, bob, caplog
):
    client = Client()
    client.force_login(bob)
    compose = f"/consultations/{consultation.pk}/comments/"

    def write(body: str):
        return client.post(
            compose,
            {"body": body, "display_mode": "named"},
            headers={"accept": "application/json"},
        )

    settings.CHANNEL_LAYERS = redis_layers(DEAD_REDIS)
    with caplog.at_level(logging.WARNING, logger="consult.realtime"):
        assert write("While Redis is down.").status_code == 201
        assert write("Still down.").status_code == 201
        assert client.get(consultation.url).status_code == 200
    assert Comment.objects.count() == 2
    outage = [record for record in caplog.records if record.name == "consult.realtime"]
    assert len(outage) == 1 and outage[0].levelno == logging.ERROR
    assert "Live updates are not being delivered" in outage[0].getMessage()
    caplog.clear()

    settings.CHANNEL_LAYERS = redis_layers(REDIS_URL)

    async def scenario():
        # The page was rendered before the outage (number 0): it catches up, then hears live.
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected
        await socket.send_json_to({"resync": 0})
        missed = [await socket.receive_json_from(timeout=5) for _ in range(2)]
        assert [event["seq"] for event in missed] == [1, 2]
        assert "While Redis is down." in missed[0]["html"]
        await post(consultation, bob, "Back.")
        assert (await socket.receive_json_from(timeout=5))["seq"] == 3
        await socket.disconnect()

    with caplog.at_level(logging.WARNING, logger="consult.realtime"):
        run(scenario)
    assert [record.getMessage() for record in caplog.records] == [
        "Live updates are delivered again."
    ]
