"""/metrics counts the sockets open in this process, up as one connects, down as it closes,
and never one the server refused."""

import re

from asgiref.sync import sync_to_async
from django.test import Client

from tests.realtime.conftest import open_socket, run, stream_path


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
