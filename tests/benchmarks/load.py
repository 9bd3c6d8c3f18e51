"""A small HTTP/1.1 load generator: a few keep-alive connections to 127.0.0.1, each sending
its next request as soon as the last answer is read, for a bounded time and count.

Raw asyncio streams rather than an HTTP library, so the generator costs the shared CPU as
little as possible and the same for every benchmark.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"
# Builds the bytes of request number `n` on connection `index`.
RequestBuilder = Callable[[int, int], bytes]


@dataclass
class Reply:
    status: int
    headers: dict[str, list[str]]
    body: bytes


@dataclass
class Measurement:
    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    # What another client sent meanwhile, at its own pace (see `measure`).
    background: Counter = field(default_factory=Counter)
    # The server's CPU time over the measurement, when the caller measured it.
    cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    def add(self, other: "Measurement") -> None:
        self.requests += other.requests
        self.seconds += other.seconds
        self.statuses.update(other.statuses)
        self.background.update(other.background)
        self.cpu_seconds += other.cpu_seconds


def request(
    method: str,
    path: str,
    *,
    port: int,
    cookies: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{port}"]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def read_reply(reader: asyncio.StreamReader) -> Reply:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"][0]))
    elif "chunked" in headers.get("transfer-encoding", [""])[0]:
        chunks = []
        while size := int((await reader.readuntil(b"\r\n")).strip(), 16):
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        body = b"".join(chunks)
    else:
        body = b""
    return Reply(status=int(status_line.split()[1]), headers=headers, body=body)


async def fetch(port: int, raw: bytes) -> Reply:
    """One request on its own connection: to check what a benchmark gets back."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(raw)
        await writer.drain()
        return await read_reply(reader)
    finally:
        writer.close()


async def _connection(
    port: int, build: RequestBuilder, index: int, deadline: float, budget: list[int]
) -> Counter:
    statuses: Counter = Counter()
    reader, writer = await asyncio.open_connection(HOST, port)
    n = 0
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            writer.write(build(index, n))
            await writer.drain()
            reply = await read_reply(reader)
            statuses[reply.status] += 1
            n += 1
            if "close" in reply.headers.get("connection", [""])[0].lower():
                writer.close()
                reader, writer = await asyncio.open_connection(HOST, port)
    finally:
        writer.close()
    return statuses


# At most this many of the paced client's requests wait for the server at once, so that a
# server slower than the pace is not left a queue that slows the next benchmark.
PACED_CONNECTIONS = 8


async def _paced(port: int, build: RequestBuilder, rate: float, deadline: float) -> Counter:
    """Request n sent at n / rate seconds from now until the deadline, whether or not the
    earlier ones were answered (up to PACED_CONNECTIONS at once): each on an idle
    connection, or a new one if none is."""
    statuses: Counter = Counter()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    slots = asyncio.Semaphore(PACED_CONNECTIONS)
    started = time.perf_counter()

    async def send(n: int) -> None:
        async with slots:
            reader, writer = idle.pop() if idle else await asyncio.open_connection(HOST, port)
            writer.write(build(0, n))
            await writer.drain()
            reply = await read_reply(reader)
            statuses[reply.status] += 1
            if "close" in reply.headers.get("connection", [""])[0].lower():
                writer.close()
            else:
                idle.append((reader, writer))

    sent = []
    n = 0
    while (now := time.perf_counter()) < deadline:
        if (due := started + n / rate) > now:
            await asyncio.sleep(due - now)
        sent.append(asyncio.create_task(send(n)))
        n += 1
    # Answers still due count only if they come within the measurement.
    await asyncio.wait(sent, timeout=max(0.0, deadline - time.perf_counter()))
    for task in sent:
        task.cancel()
    for _reader, writer in idle:
        writer.close()
    return statuses


# Another client's requests, and how many it sends a second.
Background = tuple[RequestBuilder, float]


async def _measure(
    port: int,
    build: RequestBuilder,
    *,
    connections: int,
    seconds: float,
    max_requests: int,
    background: Background | None,
) -> Measurement:
    started = time.perf_counter()
    budget = [max_requests]
    others = [_paced(port, *background, started + seconds)] if background else []
    results = await asyncio.gather(
        *(
            _connection(port, build, index, started + seconds, budget)
            for index in range(connections)
        ),
        *others,
    )
    elapsed = time.perf_counter() - started
    statuses = sum(results[:connections], Counter())
    return Measurement(
        requests=statuses.total(),
        seconds=elapsed,
        statuses=statuses,
        background=sum(results[connections:], Counter()),
    )


def measure(
    port: int,
    build: RequestBuilder,
    *,
    connections: int,
    seconds: float,
    max_requests: int,
    background: Background | None = None,
) -> Measurement:
    """`connections` connections sending `build`'s requests back to back for `seconds`,
    while `background`'s client sends its own at its own pace; only the first are counted."""
    return asyncio.run(
        _measure(
            port,
            build,
            connections=connections,
            seconds=seconds,
            max_requests=max_requests,
            background=background,
        )
    )


def fetch_one(port: int, raw: bytes) -> Reply:
    return asyncio.run(fetch(port, raw))
