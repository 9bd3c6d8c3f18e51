"""What services tell the live streams and the page caches. Only services call these; each
schedules its event for after the surrounding transaction commits, so a rolled-back write
never reaches a socket.

Every change a consultation's page shows comes through here, so each function also replaces
the version of what changed (consult.core.versions): the next reader of the page gets it
rendered afresh, and no service has to remember the caches. A change the streams do not
carry (a recount, a recomputation, retention) still comes here: `page_changed`.

The functions are the contract between the domain and consult.realtime's consumers. Sending
never fails a write: when the channel layer or the cache (Redis) cannot be reached the event
is numbered all the same (the number lives in the database), one line is logged, and clients
that come back learn they missed something and reload.
"""

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable

from asgiref.sync import SyncToAsync, async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

from consult.consultations.models import ConsultationPage
from consult.core import versions
from consult.realtime import events, sequence, signals

logger = logging.getLogger("consult.realtime")

MODERATION_GROUP = "live.moderation"
# Tally updates per consultation leave at most once per interval (two a second).
TALLY_INTERVAL = 0.5


def comment_changed(comment, *, kind: str) -> None:
    """A discussion's `comment` changed. `kind`: created, edited, removed (by its author),
    held, hidden, approved, restored."""
    if kind not in events.COMMENT_OPS:
        raise ValueError(f"unknown comment change {kind!r}")
    if kind == "edited":
        # Its text and its "edited" mark, inside its thread: no listing, count or order
        # reads them.
        versions.thread_changed(comment.consultation.translation_key, _root_id(comment))
    else:
        page_changed(consultation=comment.consultation)
    comment_id = comment.pk
    _after_commit(lambda: _publish(lambda: events.comment_event(comment_id, kind=kind)))
    # After the live event's own callback: readers hear of the comment before any app's
    # derived work (an embedding) runs.
    signals.comment_changed.send(
        sender=type(comment),
        comment_id=comment_id,
        consultation_id=comment.consultation_id,
        kind=kind,
    )


def tallies_changed(*, consultation: ConsultationPage, comment=None) -> None:
    """Positions changed, or the reactions to the discussion's `comment`; streams coalesce
    these."""
    if comment is None:
        page_changed(consultation=consultation)
    else:
        # Its counters, inside its thread, and the listings sorted by them.
        versions.reactions_changed(consultation.translation_key, _root_id(comment))
    consultation_id = consultation.pk
    _after_commit(lambda: _tallies_due(consultation_id))


def status_changed(*, consultation: ConsultationPage, status: str) -> None:
    """The consultation opened, closed, or its summary was published."""
    # Other pages list its status, and a remembered route holds its row (the outcome's date):
    # the site's version, not only its discussion's.
    versions.site_changed()
    consultation_id = consultation.pk
    _after_commit(lambda: _publish(lambda: events.status_event(consultation_id, status=status)))


def page_changed(*, consultation: ConsultationPage) -> None:
    """What `consultation`'s page shows changed, in a way its streams do not carry (readers
    see it on their next load): counters recounted, opinion groups recomputed, authors
    anonymised, comments grouped in a campaign."""
    versions.discussion_changed(consultation.translation_key)


def _root_id(comment) -> int:
    return comment.thread_id or comment.pk


def moderation_changed(*, kind: str, consultation_id: int, comment_id: int | None) -> None:
    """The moderators' queue changed: an item was held or flagged, or a decision taken."""
    message = {
        "type": "moderation.event",
        "kind": kind,
        "consultation": consultation_id,
        "comment": comment_id,
    }
    _after_commit(lambda: _send([(MODERATION_GROUP, message)]))


def _after_commit(callback: Callable[[], None]) -> None:
    # Robust: whatever goes wrong in delivery, the write it follows has happened.
    transaction.on_commit(callback, robust=True)


def _publish(build: Callable[[], "events.Event | None"]) -> None:
    event = build()
    if event is None:
        return
    seq = sequence.next_number(event.consultation_id)
    stored = event.stored(seq)
    try:
        sequence.keep(event.consultation_id, seq, stored)
    except Exception as error:  # noqa: BLE001 - the cache is down; the number says so later
        _delivery_failed(error)
    groups = []
    for key, message in stored.items():
        language, variant = key.split(".")
        groups.append((events.group_name(event.consultation_id, language, variant), message))
    _send(groups)


async def _group_send_all(messages: list[tuple[str, dict]]) -> None:
    layer = get_channel_layer()
    await asyncio.gather(*(layer.group_send(group, message) for group, message in messages))


def _send(messages: list[tuple[str, dict]]) -> None:
    try:
        async_to_sync(_group_send_all)(messages)
    except Exception as error:  # noqa: BLE001 - any failure of the layer is an outage here
        _delivery_failed(error)
    else:
        _delivery_resumed()


_outage = threading.Event()


def _delivery_failed(error: Exception) -> None:
    if not _outage.is_set():
        _outage.set()
        logger.error(
            "Live updates are not being delivered: the channel layer or cache is unreachable "
            "(%s: %s). Writes still succeed; readers catch up when it is back.",
            type(error).__name__,
            error,
        )


def _delivery_resumed() -> None:
    if _outage.is_set():
        _outage.clear()
        logger.warning("Live updates are delivered again.")


# The slot key each consultation's tallies were last claimed under, by this process or
# another: once it is claimed, this process's next changes in the slot need not ask again.
_slot_asked: dict[int, str] = {}
_slot_lock = threading.Lock()


def _tallies_due(consultation_id: int) -> None:
    """Claim the next half-second slot of this consultation's tallies, in the cache every
    process shares; whoever claims it sends them when the slot ends, reading every change
    committed until then."""
    now = time.time()
    slot = int(now // TALLY_INTERVAL) + 1
    key = f"live:tallies:{consultation_id}:{slot}"
    # The full key names the cache's prefix too, so a cache configured anew asks afresh.
    full_key = cache.make_key(key)
    with _slot_lock:
        if _slot_asked.get(consultation_id) == full_key:
            return
    try:
        claimed = cache.add(key, True, timeout=60)
    except Exception as error:  # noqa: BLE001 - the cache is down
        _delivery_failed(error)
        return
    with _slot_lock:
        _slot_asked[consultation_id] = full_key
    if claimed:
        _later(slot * TALLY_INTERVAL - now, lambda: _publish(lambda: _tallies(consultation_id)))


def _tallies(consultation_id: int) -> "events.Event | None":
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    return events.tallies_event(consultation) if consultation else None


_pending: set[asyncio.Future] = set()


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The server's event loop when this code runs in a request it serves: asgiref records
    it for the thread running the sync view. None in a command or a plain sync test."""
    local = SyncToAsync.threadlocal
    loop = getattr(local, "main_event_loop", None)
    if loop is None or getattr(local, "main_event_loop_pid", None) != os.getpid():
        return None
    return loop if loop.is_running() else None


def _later(delay: float, callback: Callable[[], None]) -> None:
    """Run `callback` (sync, with the database) after `delay` seconds on the server's loop;
    at once where there is no server to wait in."""
    loop = _server_loop()
    if loop is None:
        callback()
        return

    def start() -> None:
        task = loop.create_task(database_sync_to_async(callback)())
        _pending.add(task)
        task.add_done_callback(_pending.discard)

    loop.call_soon_threadsafe(loop.call_later, max(delay, 0), start)
