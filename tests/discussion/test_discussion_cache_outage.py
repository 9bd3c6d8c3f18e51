"""Redis gone: the cache fails soft, so people still post and read, and one line is logged."""

import logging

import pytest
from django.test import Client

from consult.core import failsoft_cache
from consult.discussion.models import Comment

pytestmark = pytest.mark.django_db

# Nothing listens on port 1; connecting fails at once.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "consult.core.failsoft_cache.FailSoftRedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }


def test_posting_and_reading_work_while_redis_is_down(
    client, alice, consultation, redis_down, caplog
):
    caplog.set_level(logging.WARNING, logger="consult.core.failsoft_cache")
    client.force_login(alice)

    posted = client.post(
        f"/consultations/{consultation.pk}/comments/",
        {"body": "Still heard without Redis.", "display_mode": "named"},
    )
    signed_in = client.get(consultation.url)
    client.logout()
    anonymous = client.get(consultation.url)

    assert posted.status_code == 302
    assert Comment.objects.filter(body_source="Still heard without Redis.").exists()
    assert "Still heard without Redis." in signed_in.content.decode()
    assert "Still heard without Redis." in anonymous.content.decode()
    outage_lines = [r for r in caplog.records if r.name == "consult.core.failsoft_cache"]
    assert [r.levelname for r in outage_lines] == ["ERROR"]
    assert "Redis cache unreachable" in outage_lines[0].getMessage()


def _after_rows_changed_behind_the_services(consultation):
    Comment.objects.filter(consultation=consultation).update(
        body_source="After.", body_html="<p>After.</p>"
    )


@pytest.mark.parametrize("moment", ["outage", "recovery"])
def test_nothing_kept_before_an_outage_is_served_after_it(
    client, alice, bob, consultation, post_comment, moment
):
    """A write during an outage could not replace the versions in Redis: seen here as rows
    changed without the services. A process drops what it keeps in its own memory (what the
    signed-in page is built from) when it finds Redis gone; the pages kept in Redis, which
    a process cannot read while it is gone, go when it is back."""
    post_comment(consultation, bob, "Before the outage.")
    participant = Client()
    participant.force_login(alice)
    readers = {"anonymous": client, "participant": participant}
    for reader in readers.values():
        reader.get(consultation.url)  # kept
    _after_rows_changed_behind_the_services(consultation)
    for reader in readers.values():
        assert "Before the outage." in reader.get(consultation.url).content.decode()

    if moment == "outage":
        listeners, dropped = failsoft_cache._outage_listeners, ["participant"]
    else:
        listeners, dropped = failsoft_cache._recovery_listeners, ["anonymous", "participant"]
    for listener in listeners:
        listener()

    for name in dropped:
        page = readers[name].get(consultation.url).content.decode()
        assert "After." in page, name
        assert "Before the outage." not in page, name


def test_under_asgi_an_outage_is_noticed_once_not_once_per_request(
    transactional_db, consultation, redis_down, caplog
):
    """Django makes a cache object per request under ASGI (each runs in a thread of its
    own): the outage state and the connection pool must be the process's, or every request
    waits for Redis and logs it."""
    import asyncio
    import threading

    from asgiref.sync import async_to_sync
    from django.db import connections
    from django.test import AsyncClient

    caplog.set_level(logging.WARNING, logger="consult.core.failsoft_cache")
    url = consultation.url
    statuses = []

    async def read_five_times():
        client = AsyncClient()
        for _ in range(5):
            # A task per request, as the server runs them: each has a context of its own.
            statuses.append((await asyncio.create_task(client.get(url))).status_code)

    def serve():
        async_to_sync(read_five_times)()
        connections.close_all()

    # Away from this thread, whose cache object the fixtures made already.
    server = threading.Thread(target=serve)
    server.start()
    server.join()
    assert statuses == [200] * 5
    outage_lines = [r for r in caplog.records if r.name == "consult.core.failsoft_cache"]
    assert [r.levelname for r in outage_lines] == ["ERROR"]
