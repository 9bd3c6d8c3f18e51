"""The two live streams. Both only listen: nothing a client sends changes anything.

/ws/consultations/<id>/  anyone who may read the page; events numbered per consultation. A
                         client sends {"hello": true} to learn the current number and
                         {"resync": <last number seen>} (at first the number the page
                         was rendered at, its data-live-seq) to get what it missed since,
                         or {"type": "reload"} when that is gone.
/ws/moderation/          moderators with MFA, checked on connect and again for every event.
"""

import asyncio
import json
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import DenyConnection
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import close_old_connections

from accounts.permissions import can_moderate
from consult.core.metrics import OPEN_SOCKETS
from consult.realtime import events, permissions, sequence
from consult.realtime.publish import MODERATION_GROUP

logger = logging.getLogger("consult.realtime")

# Where each group asks the read gate, once per event: a thread of its own. On the thread
# that every socket's database work shares, the question waited behind a reconnecting
# crowd's catch-ups (up to 20 s per event in `make topology`), and the whole group fell as
# far behind.
_GATE_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-gate")

# The script does not reconnect after this close code: the server refused it.
CLOSE_REFUSED = 4003
RELOAD = json.dumps({"type": "reload"})


class ListenOnlyConsumer(AsyncWebsocketConsumer):
    """Refuses frames over the limit; the server (uvicorn's --ws-max-size) does too, before
    they are read whole."""

    # Its label in the open-sockets metric.
    stream = ""
    _counted = False

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol, headers)
        self._counted = True
        OPEN_SOCKETS.labels(self.stream).inc()

    async def websocket_disconnect(self, message):
        if self._counted:
            self._counted = False
            OPEN_SOCKETS.labels(self.stream).dec()
        await super().websocket_disconnect(message)

    async def dispatch(self, message):
        # Channels' dispatch first closes stale database connections in the thread pool, a
        # thread hop per message and socket: 500 listeners queued 500 hops behind one thread
        # for every event. Each handler here that reads the database does so through
        # database_sync_to_async, which closes stale connections itself, so none is needed.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def receive(self, text_data=None, bytes_data=None):
        size = len(text_data.encode()) if text_data is not None else len(bytes_data or b"")
        if size > settings.CONSULT_WEBSOCKET_MAX_MESSAGE:
            await self.close(code=1009)
            return
        await self.receive_message(text_data)

    async def receive_message(self, text_data: str | None) -> None:
        """A listener may only ask to catch up; anything else is ignored."""


class LocalListeners:
    """The sockets of one group in this process, behind a single listener on the channel layer.

    Were each socket's consumer in the group itself, the process would take an event once
    from Redis and then wake every consumer's task, each to decode it again and write it: for
    500 sockets, 500 task switches before the last one hears. Here one task takes the event
    and writes it to each socket in turn. A write that has to wait (a slow reader's buffer is
    full, or the author's own view is rendered) continues in a task of its own, so it holds
    up no other socket, and the next events for that socket queue behind it, in order."""

    _joined: dict[tuple, "LocalListeners"] = {}

    def __init__(self, layer, group: str) -> None:
        self.layer = layer
        self.group = group
        self.members: set[ConsultationConsumer] = set()
        self.subscribed = asyncio.ensure_future(self._subscribe())
        self.reader: asyncio.Task | None = None
        # What named the site's state when the members' pages were last found open to
        # anyone (permissions.group_refusals).
        self.open_under: tuple | None = None

    @staticmethod
    def _key(consumer: "ConsultationConsumer") -> tuple:
        # One listener per group, channel layer and event loop (tests run several loops).
        return (asyncio.get_running_loop(), consumer.channel_layer, consumer.group)

    @classmethod
    async def join(cls, consumer: "ConsultationConsumer") -> None:
        """Returns once events to the group reach `consumer`."""
        key = cls._key(consumer)
        listeners = cls._joined.get(key)
        if listeners is None:
            listeners = cls._joined[key] = cls(consumer.channel_layer, consumer.group)
        listeners.members.add(consumer)
        try:
            await asyncio.shield(listeners.subscribed)
        except Exception:
            # The layer is unreachable: this socket is refused, the next one tries afresh.
            listeners.members.discard(consumer)
            if cls._joined.get(key) is listeners:
                del cls._joined[key]
            raise

    @classmethod
    def open_under_of(cls, consumer: "ConsultationConsumer") -> tuple | None:
        """What named the site's state when the pages of `consumer`'s group were last found
        open to anyone (permissions.group_refusals), or None."""
        key = cls._key(consumer)
        listeners = cls._joined.get(key)
        return listeners.open_under if listeners is not None else None

    @classmethod
    async def leave(cls, consumer: "ConsultationConsumer") -> None:
        key = cls._key(consumer)
        listeners = cls._joined.get(key)
        if listeners is None:
            return
        listeners.members.discard(consumer)
        if not listeners.members:
            del cls._joined[key]
            await listeners._unsubscribe()

    async def _subscribe(self) -> str:
        channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, channel)
        self.reader = asyncio.ensure_future(self._read(channel))
        return channel

    async def _unsubscribe(self) -> None:
        channel = await asyncio.shield(self.subscribed)
        self.reader.cancel()
        await self.layer.group_discard(self.group, channel)

    async def _read(self, channel: str) -> None:
        ask = database_sync_to_async(
            self._refused_among, thread_sensitive=False, executor=_GATE_THREAD
        )
        while True:
            message = await self.layer.receive(channel)
            members = tuple(self.members)
            try:
                refused = await ask(members)
            except Exception:
                # Not known to be allowed, so nobody hears it; each socket notices the gap at
                # the next event and catches up through its own check.
                logger.exception("The read gate could not be asked: a live event was held back.")
                continue
            for consumer in members:
                if consumer in refused:
                    consumer.refuse()
                else:
                    consumer.deliver(message)

    def _refused_among(self, members: tuple["ConsultationConsumer", ...]) -> set:
        """Who of `members` may no longer read their page. One cache look-up per event for
        the whole group, and queries only after the site changed: while the pages are open
        to anyone, nobody needs asking about."""
        try:
            self.open_under, refused = permissions.group_refusals(
                {
                    consumer: (
                        consumer.page_id,
                        consumer.scope["user"],
                        consumer.scope.get("session"),
                    )
                    for consumer in members
                },
                self.open_under,
            )
            return refused
        finally:
            # Here, inside the call: the clean-up database_sync_to_async does after it runs
            # outside the call's context, where this call's connection is not seen, and the
            # connection stayed out of the pool for good (seen in the tests' database).
            close_old_connections()


class ConsultationConsumer(ListenOnlyConsumer):
    stream = "consultation"
    # The delivery this socket's next events wait for, while one is unfinished.
    _delivering: asyncio.Task | None = None
    # Closed because its reader may no longer read the page: it hears nothing more.
    _refused = False
    # The closing after a refusal, held here: the loop keeps a task only weakly.
    _closing: asyncio.Task | None = None

    async def connect(self):
        user = self.scope["user"]
        page_id = self.scope["url_route"]["kwargs"]["page_id"]
        facts = await database_sync_to_async(permissions.listener_facts)(
            user, page_id, session=self.scope.get("session")
        )
        if facts is None:
            raise DenyConnection
        self.consultation_id, self.variant = facts
        self.page_id = page_id
        language = _query(self.scope).get("lang", "")
        self.language = language if language in events.languages() else settings.LANGUAGE_CODE
        self.user_id = user.pk if user.is_authenticated else None
        self.group = events.group_name(self.consultation_id, self.language, self.variant)
        await LocalListeners.join(self)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await LocalListeners.leave(self)

    def deliver(self, message: dict) -> None:
        """Write an event of the group, now if the socket takes it without waiting."""
        previous = self._delivering
        if previous is not None and not previous.done():
            delivery = self._deliver_after(previous, message)
        else:
            delivery = self._deliver(message)
        # Eager: runs here until it must wait, which for most sockets is never.
        task = asyncio.Task(delivery, loop=asyncio.get_running_loop(), eager_start=True)
        self._delivering = None if task.done() else task

    async def _deliver_after(self, previous: asyncio.Task, message: dict) -> None:
        await asyncio.wait([previous])
        await self._deliver(message)

    async def _deliver(self, message: dict) -> None:
        try:
            if not self._refused:
                await self.live_event(message)
        except OSError:
            pass  # the socket is gone; its disconnect takes it out of the group
        except Exception:
            logger.exception("A live event could not be written to a socket.")

    def refuse(self) -> None:
        """Its reader may no longer read the page: the socket hears nothing more, and is
        closed."""
        if not self._refused:
            self._refused = True
            self._closing = asyncio.ensure_future(self._close_refused())

    async def _close_refused(self) -> None:
        await LocalListeners.leave(self)
        await self.close(code=CLOSE_REFUSED)

    async def receive_message(self, text_data):
        try:
            request = json.loads(text_data or "")
            if request.get("hello"):
                await self._hello()
                return
            after = int(request["resync"])
        except (ValueError, TypeError, KeyError, AttributeError):
            return
        if self._refused or not await self._may_still_listen():
            return
        stored = await database_sync_to_async(sequence.missed)(self.consultation_id, after)
        if stored is None:
            await self.send(RELOAD)
            return
        key = f"{self.language}.{self.variant}"
        for entry in stored:
            await self.live_event(entry[key])

    async def _may_still_listen(self) -> bool:
        """Whether the reader may still read the page; if not, the socket is closed."""
        allowed = await database_sync_to_async(permissions.may_still_listen)(
            self.scope["user"],
            self.page_id,
            session=self.scope.get("session"),
            open_under=LocalListeners.open_under_of(self),
        )
        if not allowed:
            self.refuse()
        return allowed

    async def _hello(self) -> None:
        current = await database_sync_to_async(sequence.current_number)(self.consultation_id)
        await self.send(json.dumps({"type": "hello", "seq": current}))

    async def live_event(self, message):
        own = self.user_id is not None and message["author"] == self.user_id
        if own and message["kind"] in events.OWN_VIEW_KINDS:
            await self.send(await self._own_view(message))
            return
        if message["private"]:
            await self.send(events.client_text(message["seq"], {}))
            return
        await self.send(message["text"])

    @database_sync_to_async
    def _own_view(self, message) -> str:
        return events.own_comment_text(
            message["comment"],
            kind=message["kind"],
            user=self.scope["user"],
            language=self.language,
            seq=message["seq"],
        )


class ModerationConsumer(ListenOnlyConsumer):
    stream = "moderation"

    async def connect(self):
        if not await _still_moderator(self.scope["user"]):
            raise DenyConnection
        await self.channel_layer.group_add(MODERATION_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        await self.channel_layer.group_discard(MODERATION_GROUP, self.channel_name)

    async def moderation_event(self, message):
        # Asked afresh each time: a moderator taken out of the group stops hearing at once.
        if not await _still_moderator(self.scope["user"]):
            await self.channel_layer.group_discard(MODERATION_GROUP, self.channel_name)
            await self.close(code=CLOSE_REFUSED)
            return
        payload = {key: message[key] for key in ("kind", "consultation", "comment")}
        await self.send(json.dumps({"type": "moderation", **payload}))


@database_sync_to_async
def _still_moderator(user) -> bool:
    # Asked of the bare user, so answered afresh from the database each time.
    return can_moderate(user)


def _query(scope) -> dict[str, str]:
    return dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
