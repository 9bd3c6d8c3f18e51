"""The topology's load, all through the edge (TLS on 127.0.0.1): anonymous readers, signed-in
participants commenting and reacting, and live sockets, from addresses in 127.0.0.0/8 as the
edge's per-address limits expect of real clients (a participant or socket its own; a reader
loop, a crowd, several in turn).

Every write the site acknowledged goes into the ledger; every event a socket receives, or
covers by reloading the page as the page's script does when the stream says so, is counted.
"""

import asyncio
import contextlib
import json
import random
import re
import ssl
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets

from tests.benchmarks import load

CSRF = "a" * 32  # an unmasked secret is a valid token for its own cookie
SESSION_COOKIE, CSRF_COOKIE = "__Host-sessionid", "__Host-csrftoken"
LIVE_SEQ = re.compile(rb'data-live-seq="(\d+)"')
WORDS = ("cameras", "station", "consent", "appeal", "error", "bias", "school", "health")
WORDS += ("tram", "bank", "rights", "notice", "review", "safety", "privacy", "delay")
# The application allows ten comments in five minutes (consult.core.ratelimit).
COMMENTS_PER_WRITER = 8
GAP_WAIT = 1.0  # as static/js/live.js: events from two servers may arrive out of order
# A reader's visit: a few pages on one kept connection, well within the edge's burst (120
# requests, then 30 a second, per address: infra/nginx.conf). The loops take turns over the
# addresses, so an address is seen again only after about READER_ADDRESSES visits.
PAGES_PER_READER = 10
READER_ADDRESSES = 250


@dataclass
class Outcome:
    at: float
    kind: str
    status: int  # 0: no answer (the connection failed)
    seconds: float


@dataclass
class Ledger:
    """What the site acknowledged: comments by id, and each participant's last reaction."""

    comments: dict[int, dict] = field(default_factory=dict)
    reactions: dict[tuple[int, int], str] = field(default_factory=dict)
    # Asked for but not acknowledged (an error or no answer): may or may not have happened.
    unacknowledged: Counter = field(default_factory=Counter)


class Client:
    def __init__(self, port: int, certificate: Path, page_path: str, page_id: int) -> None:
        self.port = port
        self.tls = ssl.create_default_context(cafile=str(certificate))
        self.page_path = page_path
        self.page_id = page_id
        self.outcomes: list[Outcome] = []
        self.ledger = Ledger()
        self.running = True

    # --- plain requests ---------------------------------------------------------------
    async def _connect(self, source: str):
        return await asyncio.open_connection(
            load.HOST, self.port, ssl=self.tls, local_addr=(source, 0)
        )

    async def exchange(self, connection: list, source: str, raw: bytes) -> load.Reply | None:
        """`raw` on the kept connection (opened again if it failed); None if no answer."""
        for attempt in (1, 2):
            try:
                if not connection:
                    connection.extend(await asyncio.wait_for(self._connect(source), 10))
                reader, writer = connection
                writer.write(raw)
                await writer.drain()
                reply = await asyncio.wait_for(load.read_reply(reader), 30)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                if connection:
                    connection[1].close()
                    connection.clear()
                # A kept connection may have been closed while idle: one more on a new one,
                # for reads only (a write is never sent twice).
                if attempt == 2 or raw.startswith(b"POST"):
                    return None
                continue
            if "close" in reply.headers.get("connection", [""])[0].lower():
                writer.close()
                connection.clear()
            return reply
        return None

    async def timed(self, kind: str, connection: list, source: str, raw: bytes):
        started = time.monotonic()
        reply = await self.exchange(connection, source, raw)
        ended = time.monotonic()
        self.outcomes.append(Outcome(ended, kind, reply.status if reply else 0, ended - started))
        return reply

    def get(self, path: str, cookies: dict | None = None) -> bytes:
        return load.request("GET", path, port=self.port, cookies=cookies)

    def post(self, path: str, cookie: str, form: dict) -> bytes:
        body = urlencode({"csrfmiddlewaretoken": CSRF, **form}).encode()
        return load.request(
            "POST",
            path,
            port=self.port,
            cookies={SESSION_COOKIE: cookie, CSRF_COOKIE: CSRF},
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{load.HOST}:{self.port}",
            },
            body=body,
        )

    # --- readers and participants -----------------------------------------------------
    async def reader(self, index: int, loops: int) -> None:
        """Anonymous readers, as many as one loop can serve: each loop stands for a crowd, so
        it moves to the next address every few pages. From one address, a loop that reads as
        fast as the site answers exceeds the edge's per-address limit, and its 429s would
        count as the site failing."""
        connection: list = []
        paths = (self.page_path,) * 4 + ("/consultations/",)
        n = 0
        while self.running:
            if n % PAGES_PER_READER == 0 and connection:
                connection[1].close()
                connection.clear()
            visit = index + loops * (n // PAGES_PER_READER)
            source = f"127.0.3.{visit % READER_ADDRESSES + 1}"
            await self.timed("read", connection, source, self.get(paths[n % len(paths)]))
            n += 1

    async def participant(self, index: int, cookie: str) -> None:
        source, connection = f"127.0.4.{index + 1}", []
        rng = random.Random(f"{time.time_ns()}.{index}")
        written = 0
        reacted: set[int] = set()
        while self.running:
            await asyncio.sleep(rng.uniform(2.0, 4.0))
            # Participants react to others' published comments (their own is refused).
            visible = [
                pk
                for pk, c in self.ledger.comments.items()
                if not c["held"] and c["writer"] != index
            ]
            targets = [pk for pk in visible if pk not in reacted]
            if written < COMMENTS_PER_WRITER and (rng.random() < 0.35 or not targets):
                text = " ".join(rng.choices(WORDS, k=12))
                body = f"Topology {index}.{written}: {text}."
                form = {"body": body, "display_mode": "pseudonym"}
                path = f"/consultations/{self.page_id}/comments/"
                reply = await self.timed(
                    "comment", connection, source, self.post(path, cookie, form)
                )
                if reply is not None and reply.status == 201:
                    answer = json.loads(reply.body)
                    self.ledger.comments[answer["id"]] = {
                        "writer": index, "body": body, "held": answer["held"],
                    }  # fmt: skip
                    written += 1
                else:
                    self.ledger.unacknowledged["comment"] += 1
            elif targets:
                pk = rng.choice(targets)
                value = rng.choice(("agree", "disagree", "pass"))
                path = f"/comments/{pk}/reactions/"
                reply = await self.timed(
                    "react", connection, source, self.post(path, cookie, {"value": value})
                )
                if reply is not None and reply.status == 200:
                    self.ledger.reactions[(pk, index)] = value
                    reacted.add(pk)
                else:
                    self.ledger.unacknowledged["react"] += 1

    async def last_comment(self, cookie: str) -> None:
        body = f"Topology: the last comment of run {time.time_ns()}."
        path = f"/consultations/{self.page_id}/comments/"
        form = {"body": body, "display_mode": "pseudonym"}
        reply = await self.timed("comment", [], "127.0.4.250", self.post(path, cookie, form))
        if reply is not None and reply.status == 201:
            answer = json.loads(reply.body)
            self.ledger.comments[answer["id"]] = {"writer": 0, "body": body, "held": answer["held"]}


class Listener:
    """One live socket, doing what static/js/live.js does: start from the stream's number,
    apply events in order, resync after a gap or a reconnect, reload when told to."""

    def __init__(self, client: Client, index: int, addresses: int) -> None:
        self.client = client
        self.source = f"127.0.5.{index % addresses + 1}"
        self.first: int | None = None
        self.last: int | None = None  # every number up to this one is covered
        self.seen: set[int] = set()
        self.reloads = 0
        self.drops: list[float] = []  # when the socket was lost
        self.back: list[float] = []  # when it was listening again after each loss
        self.endings: list[str] = []  # how each connection ended: a close code, or an error
        self.heard_at: float | None = None  # when it last received an event
        self.connected = asyncio.Event()
        self._gap: asyncio.TimerHandle | None = None
        self._resyncing: asyncio.Future | None = None
        self._socket = None

    @property
    def url(self) -> str:
        return (
            f"wss://{load.HOST}:{self.client.port}/ws/consultations/{self.client.page_id}/?lang=en"
        )

    def missing(self, final: int) -> list[int]:
        """The event numbers up to `final` this socket neither received nor covered."""
        if self.first is None:
            return []
        return [
            seq
            for seq in range(self.first + 1, final + 1)
            if seq > self.last and seq not in self.seen
        ]

    def covered(self, final: int) -> int:
        if self.first is None:
            return 0
        return final - self.first - len(self.missing(final))

    async def run(self) -> None:
        while self.client.running:
            try:
                async with websockets.connect(
                    self.url,
                    origin=f"https://{load.HOST}:{self.client.port}",
                    ssl=self.client.tls,
                    local_addr=(self.source, 0),
                    max_size=2**20,
                    open_timeout=60,
                    ping_interval=None,
                ) as socket:
                    self._socket = socket
                    await socket.send(
                        json.dumps({"hello": True} if self.last is None else {"resync": self.last})
                    )
                    if self.drops and len(self.back) < len(self.drops):
                        self.back.append(time.monotonic())
                    self.connected.set()
                    async for raw in socket:
                        await self.receive(json.loads(raw))
                    self.endings.append(f"closed {socket.close_code}")
            except (TimeoutError, OSError, websockets.WebSocketException) as error:
                self.endings.append(type(error).__name__)
            self._socket = None
            if not self.client.running:
                return
            if len(self.drops) == len(self.back):
                self.drops.append(time.monotonic())
            await asyncio.sleep(random.uniform(0.05, 0.5))

    async def send(self, message: dict) -> None:
        if self._socket is not None:
            with contextlib.suppress(OSError, websockets.WebSocketException):
                await self._socket.send(json.dumps(message))

    async def receive(self, event: dict) -> None:
        if event.get("type") == "hello":
            if self.last is None or event["seq"] < self.last:
                self.last = event["seq"]
                if self.first is None:
                    self.first = event["seq"]
            return
        if event.get("type") == "reload":
            await self.reload()
            return
        seq = event.get("seq")
        if not isinstance(seq, int) or self.last is None or seq <= self.last:
            return
        self.seen.add(seq)
        self.heard_at = time.monotonic()
        while self.last + 1 in self.seen:
            self.last += 1
        if self.seen and max(self.seen) > self.last and self._gap is None:
            self._gap = asyncio.get_running_loop().call_later(GAP_WAIT, self._resync)

    def _resync(self) -> None:
        self._gap = None
        if self.seen and max(self.seen) > self.last:
            self._resyncing = asyncio.ensure_future(self.send({"resync": self.last}))

    async def reload(self) -> None:
        """The page again: what it shows covers every event up to its number."""
        self.reloads += 1
        found = None
        for _attempt in range(5):  # as a reader whose page failed to load tries again
            async with RELOADS:
                reply = await self.client.timed(
                    "reload", [], self.source, self.client.get(self.client.page_path)
                )
            found = LIVE_SEQ.search(reply.body) if reply is not None else None
            if found is not None:
                break
            await asyncio.sleep(1)
        if found is None:
            await self.send({"hello": True})
            return
        number = int(found.group(1))
        if number > (self.last or 0):
            self.last = number
        while self.last + 1 in self.seen:
            self.last += 1
        await self.send({"resync": self.last})


# Reloads after an outage come all at once: as many pages at a time as a browser population
# spread over a few seconds would ask.
RELOADS = asyncio.Semaphore(10)
