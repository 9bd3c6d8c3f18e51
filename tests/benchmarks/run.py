"""`make bench`: requests per second for the consultation page and reactions, each as a
ratio to a bare view served by the same server in the same run.

1. A fresh benchmark database: PostgreSQL when DATABASE_URL is set (on that server, in a
   database whose name ends in `_bench`, dropped and created again), otherwise SQLite in
   var/bench/. Redis when REDIS_URL is set, under its own key prefix.
2. seed.py migrates it and loads the demo site plus 2,000 comments and 20,000 reactions
   (and 20,000 comments and 200,000 reactions on a second consultation).
3. The server `make run` uses (uvicorn, config.asgi) starts with bench_settings: the
   project's settings and middleware, plus the bare view at /__bench__/bare.
4. Each benchmark runs in rounds, interleaved with the others so that a noisy neighbour
   hurts all of them alike; the table and var/bench/results.json give the totals, with the
   server's CPU time per request counted (`cpu_ms`). `consultation_page_cache_busting` is
   the anonymous page while another client asks for BUSTING_RATE made-up sorts and page
   numbers a second, each one never asked for before: they must not push the page out of
   the cache, nor cost the server much. `consultation_page_busy` is the anonymous page while
   another client reacts BUSY_RATE times a second on the same consultation; the `_20k` ones
   read the second open consultation, of 20,000 comments and 200,000 reactions.
5. signup_timing.py: 30 signups with new addresses and 30 with registered ones; the
   median of each and their ratio, as `signup_timing` (does the time tell who is registered?).
6. fanout.py: 500 sockets on the consultation's live stream while 100 comments are posted;
   delivery time from commit to receipt (p50, p95) and the share delivered, as `fanout`.
7. The benchmarks of work off the request path (OFFLINE below).

Tune with BENCH_PORT (8120), BENCH_SECONDS (per round, 4), BENCH_ROUNDS (3) and
BENCH_CONNECTIONS (4). BENCH_REUSE=1 skips steps 1 and 2 and measures the database the
last run left (quicker while working on performance; the figures then include its writes).
BENCH_ONLY=signup_timing,fanout (any of `rates` for step 4, `signup_timing`, `fanout`,
`offline`, or the name of one benchmark of step 4, which then runs with `bare` only) runs
only those. A run replaces in results.json only the entries it measured.
"""

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import fanout
import load
import signup_timing

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "var" / "bench"
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8120"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WARM_UP_SECONDS = 0.5
# A ceiling per round, so a surprisingly fast machine still ends in bounded time.
MAX_REQUESTS = 100_000
STEPS = ("rates", "signup_timing", "fanout", "offline")
ONLY = [step for step in os.environ.get("BENCH_ONLY", "").split(",") if step]
# Made-up sorts and page numbers another client asks for a second, during the cache busting
# benchmark.
BUSTING_RATE = 64
# Reactions a second on the same consultation, during the busy page benchmark.
BUSY_RATE = 20


def selected(step: str) -> bool:
    return not ONLY or step in ONLY


@dataclass
class Benchmark:
    name: str
    build: load.RequestBuilder
    # Returns what is wrong with a reply, or None: a benchmark of an error page is no use.
    check: Callable[[load.Reply], str | None]
    target: float | None = None
    background: load.Background | None = None
    # Whether the background asks for made-up addresses (each must be a redirect or a 404).
    made_up: bool = False


def bench_database(*, fresh: bool) -> tuple[dict[str, str], str]:
    """Environment variables for the benchmark database (emptied when `fresh`), and its
    description."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        path = OUT / "bench.sqlite3"
        for leftover in OUT.glob("bench.sqlite3*") if fresh else ():
            leftover.unlink()
        return {"SQLITE_PATH": str(path)}, f"SQLite {path.relative_to(ROOT)}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "consult"
    # Never the database DATABASE_URL names, unless it is itself a benchmark database.
    name = name if name.endswith("_bench") else f"{name}_bench"
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    if not fresh:
        return {"DATABASE_URL": bench_url}, f"PostgreSQL database {name!r}"
    with psycopg.connect(url, dbname="postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return {"DATABASE_URL": bench_url}, f"PostgreSQL database {name!r}"


def environment(database: dict[str, str]) -> dict[str, str]:
    env = {**os.environ, **database}
    env.update(
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]),
        DEBUG="0",
        LOG_LEVEL="WARNING",
    )
    return env


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((load.HOST, port)) != 0


def start_server(env: dict[str, str], log) -> subprocess.Popen:
    # The same server and application as `make run`, without a line of access log per request.
    command = [
        PYTHON, "-m", "uvicorn", "config.asgi:application",
        "--host", load.HOST, "--port", str(PORT),
        "--ws-max-size", "1048576", "--no-server-header", "--no-proxy-headers",
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    bare = load.request("GET", "/__bench__/bare", port=PORT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped; see {log.name}")
        try:
            if load.fetch_one(PORT, bare).status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.send_signal(signal.SIGTERM)
    raise SystemExit("The server did not answer within a minute.")


def benchmarks(fixture: dict) -> list[Benchmark]:
    page = fixture["page"]
    csrf_cookie = {fixture["csrf_cookie_name"]: fixture["csrf"]}
    viewer = {fixture["session_cookie_name"]: fixture["viewer"], **csrf_cookie}
    html = {"Accept": "text/html"}

    def get(path: str, cookies: dict | None = None) -> load.RequestBuilder:
        raw = load.request("GET", path, port=PORT, cookies=cookies, headers=html)
        return lambda index, n: raw

    # Each connection reacts as its own participant, agree then disagree then agree...:
    # every request changes a reaction and two counters.
    reactors = fixture["reactors"]
    counters = [itertools.count() for _ in reactors]

    def react(index: int, n: int) -> bytes:
        reactor = reactors[index % len(reactors)]
        value = ("agree", "disagree")[next(counters[index % len(reactors)]) % 2]
        body = urlencode({"csrfmiddlewaretoken": fixture["csrf"], "value": value}).encode()
        return load.request(
            "POST",
            f"/comments/{reactor['comment']}/reactions/",
            port=PORT,
            cookies={fixture["session_cookie_name"]: reactor["cookie"], **csrf_cookie},
            headers={
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            body=body,
        )

    def bare_ok(reply: load.Reply) -> str | None:
        return None if reply.status == 200 and reply.body == b"ok" else "not the bare view"

    def anonymous_ok(reply: load.Reply) -> str | None:
        if reply.status != 200 or b'id="comment-list"' not in reply.body:
            return f"status {reply.status}, or no comments"
        if "set-cookie" in reply.headers:
            return "the anonymous page sets a cookie"
        if b"csrfmiddlewaretoken" in reply.body:
            return "the anonymous page carries a CSRF token"
        return None

    def signed_in_ok(reply: load.Reply) -> str | None:
        if reply.status != 200 or b"data-discussion-comment-form" not in reply.body:
            return f"status {reply.status}, or no comment form for the participant"
        return None

    def reaction_ok(reply: load.Reply) -> str | None:
        if reply.status != 200 or json.loads(reply.body).get("ok") is not True:
            return f"status {reply.status}: {reply.body[:200]!r}"
        return None

    large = fixture["large_page"]

    def react_beside(index: int, n: int) -> bytes:
        # The page's readers' connections react too: their own participants.
        return react(n, n)

    def bust(index: int, n: int) -> bytes:
        # Each a value never asked for before: a page past the last, a malformed page
        # number, an unknown sort, in turn.
        query = (f"page={100_000 + n}", f"page=x{n}", f"sort=made-up-{n}")[n % 3]
        return load.request("GET", f"{page}?{query}", port=PORT, headers=html)

    return [
        Benchmark("bare", get("/__bench__/bare"), bare_ok),
        Benchmark("consultation_page", get(page), anonymous_ok, target=0.5),
        Benchmark(
            "consultation_page_cache_busting",
            get(page),
            anonymous_ok,
            target=0.4,
            background=(bust, BUSTING_RATE),
            made_up=True,
        ),
        Benchmark(
            "consultation_page_busy",
            get(page),
            anonymous_ok,
            target=0.3,
            background=(react_beside, BUSY_RATE),
        ),
        Benchmark("consultation_page_signed_in", get(page, viewer), signed_in_ok, target=0.15),
        Benchmark("consultation_page_20k", get(large), anonymous_ok, target=0.4),
        Benchmark("consultation_page_signed_in_20k", get(large, viewer), signed_in_ok, target=0.1),
        Benchmark("reaction", react, reaction_ok, target=0.3),
    ]


def cpu_seconds(pid: int) -> float:
    """The CPU time `pid` has used so far (Linux), or 0.0 where /proc can't tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    # utime and stime, the 14th and 15th fields, in clock ticks.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(benches: list[Benchmark], server: subprocess.Popen) -> dict[str, load.Measurement]:
    for bench in benches:
        if problem := bench.check(load.fetch_one(PORT, bench.build(0, 0))):
            raise SystemExit(f"{bench.name}: {problem}")
        if bench.made_up:
            # Made-up addresses must be answered without a page: a redirect or a 404.
            for n in range(3):
                reply = load.fetch_one(PORT, bench.background[0](0, n))
                if reply.status not in (301, 302, 404):
                    raise SystemExit(f"{bench.name}: a made-up address answered {reply.status}")
    totals = {bench.name: load.Measurement() for bench in benches}
    for round_number in range(1, ROUNDS + 1):
        for bench in benches:
            options = {
                "connections": CONNECTIONS,
                "max_requests": MAX_REQUESTS,
                "background": bench.background,
            }
            load.measure(PORT, bench.build, seconds=WARM_UP_SECONDS, **options)
            cpu_before = cpu_seconds(server.pid)
            measurement = load.measure(PORT, bench.build, seconds=SECONDS, **options)
            measurement.cpu_seconds = cpu_seconds(server.pid) - cpu_before
            totals[bench.name].add(measurement)
            beside = ""
            if bench.background:
                sent = measurement.background.total() / measurement.seconds
                beside = f" (beside {sent:.0f} made-up/s answered: {dict(measurement.background)})"
            print(
                f"  round {round_number}/{ROUNDS} {bench.name:<32} {measurement.rate:8.1f} req/s"
                f"{beside}",
                flush=True,
            )
    return totals


def report(benches: list[Benchmark], totals: dict[str, load.Measurement]) -> dict:
    bare = totals["bare"].rate
    results = {}
    print(f"\n{'benchmark':<32} {'req/s':>9} {'ratio':>7} {'target':>7} {'cpu ms':>7}  errors")
    for bench in benches:
        measured = totals[bench.name]
        ratio = measured.rate / bare if bare else 0.0
        # The server's CPU per request counted: for a benchmark with another client beside
        # it, that client's requests' CPU too.
        cpu_ms = 1000 * measured.cpu_seconds / measured.requests if measured.requests else 0.0
        results[bench.name] = {
            "value": round(measured.rate, 1),
            "unit": "req/s",
            "ratio": round(ratio, 3),
            "cpu_ms": round(cpu_ms, 2),
        }
        if bench.background:
            results[bench.name]["background"] = {
                "rate": round(measured.background.total() / measured.seconds, 1),
                "statuses": {str(status): n for status, n in measured.background.items()},
            }
        target = f">={bench.target}" if bench.target else ""
        verdict = "" if bench.target is None else ("met" if ratio >= bench.target else "MISSED")
        print(
            f"{bench.name:<32} {measured.rate:9.1f} {ratio:7.3f} {target:>7} {cpu_ms:7.2f}  "
            f"{measured.errors} {verdict}"
        )
    return results


# Benchmarks of work off the request path, run after the server's in the same database:
# each script prints one JSON object of results on its last line.
OFFLINE = ["statistics_bench.py", "opinions_export.py", "viewer_facts_bench.py"]


def offline(env: dict[str, str]) -> dict:
    results = {}
    for script in OFFLINE:
        done = subprocess.run(
            [PYTHON, str(HERE / script)], cwd=ROOT, env=env, stdout=subprocess.PIPE, check=True
        )
        measured = json.loads(done.stdout.decode().strip().splitlines()[-1])
        for name, result in measured.items():
            print(f"{name:<28} {result['value']:9} {result['unit']}", flush=True)
        results.update(measured)
    return results


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    if not port_is_free(PORT):
        raise SystemExit(f"Port {PORT} is in use; set BENCH_PORT to a free one.")
    fixture_path = OUT / "fixture.json"
    reuse = os.environ.get("BENCH_REUSE") == "1" and fixture_path.exists()
    database, described = bench_database(fresh=not reuse)
    redis = "Redis" if os.environ.get("REDIS_URL") else "the database cache"
    print(f"Benchmark database: {described}; cache: {redis}", flush=True)
    env = environment(database)
    started = time.monotonic()
    if not reuse:
        seed = [PYTHON, str(HERE / "seed.py"), str(fixture_path)]
        with open(OUT / "seed.log", "w") as log:
            subprocess.run(seed, cwd=ROOT, env=env, stdout=log, check=True)
    fixture = json.loads(fixture_path.read_text())
    rates = benchmarks(fixture)
    if unknown := set(ONLY) - {*STEPS, *(bench.name for bench in rates)}:
        raise SystemExit(f"BENCH_ONLY: unknown {sorted(unknown)}; choose from {STEPS}")
    print(
        f"Seeded {fixture['comments']} comments and {fixture['reactions']} reactions "
        f"in {time.monotonic() - started:.0f}s; page {fixture['page']}",
        flush=True,
    )
    results: dict = {}
    benches: list[Benchmark] = []
    totals: dict[str, load.Measurement] = {}
    with open(OUT / "server.log", "w") as log:
        server = start_server(env, log)
        try:
            benches = [
                bench
                for bench in rates
                if selected("rates") or (bench.name in ONLY) or (bench.name == "bare" and ONLY)
            ]
            if len(benches) > 1:
                totals = run(benches, server)
            else:
                benches = []
            if selected("signup_timing"):
                results["signup_timing"] = signup_timing.measure(PORT, fixture, env)
            if selected("fanout"):
                results["fanout"] = fanout.measure(PORT, fixture, env)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
    if benches:
        results = {**report(benches, totals), **results}
    if "signup_timing" in results:
        print(signup_timing.table_row(results["signup_timing"]))
    if selected("offline"):
        results.update(offline(env))
    path = OUT / "results.json"
    # Entries this run did not measure stay: those of steps it skipped, and those other
    # commands write here (`make topology`'s "topology").
    if path.exists():
        results = {**json.loads(path.read_text()), **results}
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nWritten to {path.relative_to(ROOT)} ({described}, {redis}).")
    undelivered = selected("fanout") and results["fanout"]["delivered"] < 1
    return 1 if any(m.errors for m in totals.values()) or undelivered else 0


if __name__ == "__main__":
    sys.exit(main())
