"""`make topology`: the deployment's shape, run here under load and faults, with a ledger of
every acknowledged write. As root (network namespaces); about four minutes.

    nginx (infra/nginx.conf, TLS on 127.0.0.1:8443)
      -> web host 1 (namespace consult-topo-1, uvicorn on 198.18.1.2)
      -> web host 2 (namespace consult-topo-2, uvicorn on 198.18.2.2)
    db_worker; PostgreSQL (its own cluster, port 5440); Redis (its own, port 6390)

Under a steady load (readers, participants commenting and reacting, 500 sockets), one fault
at a time: web host 1 SIGKILLed, Redis stopped 20 s, PostgreSQL's postmaster SIGKILLed, the
worker SIGKILLed mid-task. Then the ledger against the database. Figures are merged into
var/bench/results.json under "topology"; the exit status is 1 when a check fails.
"""

import asyncio
import json
import os
import sys
import time
from collections import Counter

import psycopg

from infra.topology.cluster import DATABASE, EDGE_PORT, PG_PORT, ROOT, Topology
from infra.topology.load import Client, Listener
from tests.realtime.servers import seed

SOCKETS = int(os.environ.get("TOPOLOGY_SOCKETS", "500"))
SOCKET_ADDRESSES = 25  # 20 sockets each, under the edge's 50 a client address
READERS = int(os.environ.get("TOPOLOGY_READERS", "4"))
WRITERS = int(os.environ.get("TOPOLOGY_WRITERS", "12"))
# Timing misses fail the run too (else they are reported, and only correctness fails it).
STRICT = os.environ.get("TOPOLOGY_STRICT") == "1"
WINDOW = 10.0  # seconds each throughput is measured over
REDIS_OUTAGE = 20.0
OK = range(200, 400)

CHECK = """
import json, sys
from importlib import import_module
from django.conf import settings
from django.db.models import Count, Q
from consult.discussion.models import Comment, Participation, Reaction
from consult.realtime.sequence import current_number

page_id = int(sys.argv[1])
ledger = json.load(open(sys.argv[2]))
store = import_module(settings.SESSION_ENGINE).SessionStore
users = [int(store(session_key=cookie)["_auth_user_id"]) for cookie in ledger["cookies"]]
lost, half = [], []
acknowledged = Comment.objects.filter(pk__in=[int(pk) for pk in ledger["comments"]])
bodies = dict(acknowledged.values_list("pk", "body_source"))
for pk, entry in ledger["comments"].items():
    if bodies.get(int(pk)) != entry["body"]:
        lost.append(f"comment {pk}")
for pk, writer, value in ledger["reactions"]:
    if not Reaction.objects.filter(comment_id=pk, user_id=users[writer], value=value).exists():
        lost.append(f"reaction {value} on {pk} by writer {writer}")
participations = Participation.objects.filter(consultation_id=page_id)
comments = Comment.objects.filter(consultation_id=page_id).annotate(
    agree=Count("reactions", filter=Q(reactions__value="agree")),
    disagree=Count("reactions", filter=Q(reactions__value="disagree")),
    passed=Count("reactions", filter=Q(reactions__value="pass")),
)
for c in comments:
    if (c.agree_count, c.disagree_count, c.pass_count) != (c.agree, c.disagree, c.passed):
        half.append(f"comment {c.pk}: counters unequal to its reaction rows")
    elif c.author_id and not participations.filter(user_id=c.author_id).exists():
        half.append(f"comment {c.pk}: no participation row for its author")
print(json.dumps({"lost": lost, "half": half, "rows": comments.count()}))
"""


def percentile(values: list[float], share: float) -> float | None:
    values = sorted(values)
    return values[int(share * (len(values) - 1))] if values else None


class Run:
    def __init__(self) -> None:
        self.directory = ROOT / "var" / "topology"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.topology = Topology(self.directory)
        self.stale_pages = self.task_completed_s = self.seq_at_redis_back = None
        self.spread: list[int] = []
        self.marks: dict[str, float] = {}
        self.notes: list[str] = []
        self.failures: list[str] = []
        self.fatal = 0

    def say(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)

    def check(self, ok: bool, text: str, *, timing: bool = False) -> None:
        """A miss fails the run; a timing one (how fast, which a machine shared with other
        work can miss) only under TOPOLOGY_STRICT=1, and is reported either way."""
        self.say(("ok    " if ok else "MISSED" if timing and not STRICT else "FAIL  ") + text)
        if not ok:
            self.failures.append(text)
            if not timing or STRICT:
                self.fatal += 1

    # --- setting up -------------------------------------------------------------------
    def setup(self) -> None:
        t = self.topology
        self.say("network namespaces, PostgreSQL and Redis")
        t.network_up()
        t.postgres_init()
        t.redis_start()
        self.say("migrations, a consultation, participants, static files")
        seeded = seed(t.env(), writers=WRITERS)
        self.page_id, self.cookies = seeded["page"], seeded["cookies"]
        t.manage("collectstatic", "--no-input", "-v0")
        self.say("two web hosts, the worker, the edge")
        for host in t.hosts:
            t.web_start(host)
        t.worker_start()
        t.edge_start()

    # --- the faults -------------------------------------------------------------------
    async def faults(self, client: Client, listeners: list[Listener]) -> None:
        t = self.topology
        spread = await asyncio.to_thread(self.sockets_per_host)
        self.say(f"{len(listeners)} sockets listening, per host {spread}")
        self.spread = spread
        await asyncio.sleep(5)
        self.marks["two_hosts"] = time.monotonic()
        await asyncio.sleep(WINDOW)

        self.say("fault 1: web host 1 SIGKILLed")
        self.marks["kill_web"] = time.monotonic()
        await asyncio.to_thread(t.web_kill, t.hosts[0])
        await asyncio.sleep(3)
        self.marks["one_host"] = time.monotonic()
        await asyncio.sleep(WINDOW)
        await asyncio.to_thread(t.web_start, t.hosts[0])
        self.say("web host 1 back")
        await asyncio.sleep(5)

        self.say(f"fault 2: Redis stopped for {REDIS_OUTAGE:g} s")
        self.marks["redis_stop"] = time.monotonic()
        await asyncio.to_thread(t.redis_stop)
        await asyncio.sleep(REDIS_OUTAGE)
        await asyncio.to_thread(t.redis_start)
        self.marks["redis_back"] = time.monotonic()
        self.seq_at_redis_back = await asyncio.to_thread(self.current_seq)
        await asyncio.sleep(5)
        await self.no_stale_page(client)
        await asyncio.sleep(3)

        self.say("fault 3: PostgreSQL's postmaster SIGKILLed, then started again")
        self.marks["pg_kill"] = time.monotonic()
        await asyncio.to_thread(t.postgres_kill)
        self.marks["pg_ready"] = await asyncio.to_thread(t.postgres_start)
        down = self.marks["pg_ready"] - self.marks["pg_kill"]
        self.say(f"PostgreSQL accepting again after {down:.1f} s")
        await asyncio.sleep(10)

        self.say("fault 4: the worker SIGKILLed during a task")
        await asyncio.to_thread(self.worker_fault)
        await asyncio.sleep(3)

    def sockets_per_host(self) -> list[int]:
        counts = []
        for host in self.topology.hosts:
            listing = host.run("ss", "-Htn", "state", "established", "( sport = :8000 )")
            counts.append(len(listing.splitlines()))
        return counts

    def connect(self):
        return psycopg.connect(
            f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}", autocommit=True
        )

    def current_seq(self) -> int:
        with self.connect() as db:
            row = db.execute(
                "SELECT value FROM realtime_livesequence WHERE consultation_id = %s", [self.page_id]
            ).fetchone()
        return row[0] if row else 0

    async def no_stale_page(self, client: Client) -> None:
        """The newest visible comment acknowledged before the page was asked for is on it,
        on each host (the edge alternates), now that Redis is back."""
        newest = max(
            (pk for pk, c in client.ledger.comments.items() if not c["held"]), default=None
        )
        if newest is None:
            self.check(False, "no visible comment was acknowledged before the stale-page check")
            return
        answers = Counter()
        for n in range(6):
            reply = await client.exchange([], f"127.0.6.{n + 1}", client.get(client.page_path))
            if reply is None or reply.status != 200:
                answers[f"no page ({reply.status if reply else 'no answer'})"] += 1
            elif f'id="comment-{newest}"'.encode() not in reply.body:
                answers["stale"] += 1
            else:
                answers["fresh"] += 1
        self.stale_pages = answers["stale"]
        self.check(
            answers["fresh"] == 6,
            f"no page from before the Redis outage served after it: {dict(answers)}",
        )

    def worker_fault(self) -> None:
        """A task blocked mid-way on a lock this run holds; the worker killed there; the lock
        released; the worker started again with its id: the task must complete."""
        t = self.topology
        with self.connect() as holder:
            holder.autocommit = False
            holder.execute("LOCK TABLE opinions_opiniongroups IN EXCLUSIVE MODE")
            task_id = t.python(
                "import sys\nfrom consult.opinions.tasks import opinion_groups_refresh\n"
                "print(opinion_groups_refresh.enqueue(int(sys.argv[1])).id)",
                str(self.page_id),
            )
            with self.connect() as db:
                # The worker takes one task at a time: the one it is held up in may be an
                # earlier refresh the site queued itself (reactions do), mine waiting behind.
                running = self.running_task(db, deadline=time.monotonic() + 30)
                time.sleep(1)
                still = self.running_task(db, deadline=time.monotonic())
                self.check(
                    running is not None and still == running,
                    "a task was running (held up mid-way) when the worker was killed",
                    timing=True,
                )
            t.worker_kill()
            holder.rollback()
        killed_at = time.monotonic()
        t.worker_start()
        tasks = list({str(task) for task in (running, task_id) if task is not None})
        with self.connect() as db:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                statuses = db.execute(
                    "SELECT status FROM django_tasks_database_dbtaskresult"
                    " WHERE id = ANY(%s::uuid[])",
                    [tasks],
                ).fetchall()
                if all(status in ("SUCCESSFUL", "FAILED") for (status,) in statuses):
                    break
                time.sleep(0.2)
        self.task_completed_s = round(time.monotonic() - killed_at, 2)
        done = sorted(status for (status,) in statuses)
        self.check(
            done == ["SUCCESSFUL"] * len(tasks),
            f"the task killed mid-way, and the one queued behind it, completed ({done},"
            f" {self.task_completed_s} s after)",
        )

    @staticmethod
    def running_task(db, *, deadline: float):
        """The id of the task the worker is running, once it runs one (None at the deadline)."""
        while True:
            row = db.execute(
                "SELECT id FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'"
            ).fetchone()
            if row is not None or time.monotonic() >= deadline:
                return row[0] if row else None
            time.sleep(0.05)

    # --- the load ---------------------------------------------------------------------
    async def load(self) -> tuple[Client, list[Listener]]:
        certificate = self.directory / "edge" / "edge.crt"
        client = Client(EDGE_PORT, certificate, "", self.page_id)
        client.page_path = await asyncio.to_thread(self.page_url)
        listeners = [Listener(client, n, SOCKET_ADDRESSES) for n in range(SOCKETS)]
        tasks = []
        # As pages open: not all in one instant, which would only measure a handshake queue.
        for start in range(0, SOCKETS, 50):
            batch = listeners[start : start + 50]
            tasks += [asyncio.create_task(s.run()) for s in batch]
            await asyncio.gather(*(s.connected.wait() for s in batch))
        self.say(f"{SOCKETS} sockets open")
        tasks += [asyncio.create_task(client.reader(n, READERS)) for n in range(READERS)]
        tasks += [asyncio.create_task(client.participant(n, c)) for n, c in enumerate(self.cookies)]
        try:
            await self.faults(client, listeners)
        finally:
            self.say("load stops; one last comment; sockets drain")
            client.running = False
            # Live readers notice what they missed when the next event comes: one more.
            await client.last_comment(self.cookies[0])
            await asyncio.sleep(0)
            self.marks["writes_end"] = time.monotonic()
            await asyncio.sleep(10)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        return client, listeners

    def page_url(self) -> str:
        return self.topology.python(
            "import sys\nfrom wagtail.models import Page\n"
            "print(Page.objects.get(pk=int(sys.argv[1])).specific.url)",
            str(self.page_id),
        )

    # --- figures ----------------------------------------------------------------------
    def figures(self, client: Client, listeners: list[Listener]) -> dict:
        outcomes = client.outcomes

        def within(start: float, seconds: float, kinds=("read",)) -> list:
            return [o for o in outcomes if start <= o.at < start + seconds and o.kind in kinds]

        def failed(o) -> bool:
            return o.status not in OK

        two = within(self.marks["two_hosts"], WINDOW)
        one = within(self.marks["one_host"], WINDOW)
        rps_two = sum(not failed(o) for o in two) / WINDOW
        rps_one = sum(not failed(o) for o in one) / WINDOW
        steady = within(self.marks["two_hosts"], WINDOW, ("read", "comment", "react"))
        p95 = percentile([o.seconds for o in steady if not failed(o)], 0.95)

        kill = self.marks["kill_web"]
        kill_errors = [o for o in within(kill, 10, ("read", "comment", "react")) if failed(o)]
        failover = max((o.at - kill for o in kill_errors), default=0.0)
        moved = [
            b - d
            for s in listeners
            for d, b in zip(s.drops, s.back, strict=False)
            if kill <= d < kill + 10
        ]

        outage = within(self.marks["redis_stop"], REDIS_OUTAGE, ("read",))
        outage_failed = sum(failed(o) for o in outage)
        resumed = sum(
            1 for s in listeners if s.last is not None and s.last > self.seq_at_redis_back
        )

        down_from, ready = self.marks["pg_kill"], self.marks["pg_ready"]
        pg_errors = [
            o
            for o in within(down_from, ready - down_from + 30, ("read", "comment", "react"))
            if failed(o)
        ]
        # By when the failed request was sent: one sent while PostgreSQL was down may wait
        # out the pool's timeout and fail after it is back; one sent after must not fail.
        recovery = max((o.at - o.seconds - ready for o in pg_errors), default=0.0)
        recovery = max(recovery, 0.0)
        late = [o for o in outcomes if failed(o) and o.kind != "reload" and not self._explained(o)]
        started = outcomes[0].at if outcomes else 0.0

        final = self.current_seq()
        expected = sum(final - s.first for s in listeners if s.first is not None)
        covered = sum(s.covered(final) for s in listeners)
        short = [s for s in listeners if s.missing(final)]
        return {
            "rps_one_host": round(rps_one, 1),
            "rps_two_hosts": round(rps_two, 1),
            "p95_ms": round(p95 * 1000, 1) if p95 is not None else None,
            "failover_s": round(failover, 2),
            "sockets_moved_s": round(max(moved), 2) if moved else None,
            "sockets_moved": len(moved),
            "sockets_per_host": self.spread,
            "recovery_s": round(recovery, 2),
            "postgres_down_s": round(ready - down_from, 2),
            "errors_while_postgres_down": len(pg_errors),
            "errors_outside_faults": len(late),
            "errors_outside_faults_by_kind": dict(Counter(f"{o.kind} {o.status}" for o in late)),
            "errors_after_kill": dict(
                Counter(f"{o.kind} {o.status} +{o.at - kill:.0f}s" for o in kill_errors)
            ),
            "errors_around_postgres": dict(
                Counter(f"{o.kind} {o.status} {o.at - ready:+.0f}s" for o in pg_errors)
            ),
            "late_errors_at_s": sorted({round(o.at - started) for o in late}),
            "reads_during_redis_outage": len(outage),
            "reads_failed_during_redis_outage": outage_failed,
            "reads_failed_during_redis_outage_by_status": dict(
                Counter(o.status for o in outage if failed(o))
            ),
            "sockets_hearing_after_redis": resumed,
            "stale_pages_after_redis": self.stale_pages,
            "task_completed_after_worker_kill_s": self.task_completed_s,
            "delivered": round(covered / expected, 4) if expected else None,
            # Where the events not delivered went missing: which sockets, and how far from
            # the last event (a tail cut off, or a gap never resynced).
            "sockets_short_of_events": len(short),
            "sockets_short_that_reconnected": sum(1 for s in short if s.drops),
            "short_sockets": [
                {
                    "missing": len(s.missing(final)),
                    "last_heard_s": round(s.heard_at - started, 1) if s.heard_at else None,
                    "endings": s.endings[-3:],
                }
                for s in short[:5]
            ],
            "events_missed_by_distance_from_last": dict(
                sorted(Counter(final - seq for s in short for seq in s.missing(final)).items())[:12]
            ),
            "events": final,
            "sockets": len(listeners),
            "reloads": sum(s.reloads for s in listeners),
            "requests": len(outcomes),
            "acknowledged_comments": len(client.ledger.comments),
            "acknowledged_reactions": len(client.ledger.reactions),
            "unacknowledged_writes": dict(client.ledger.unacknowledged),
        }

    def _explained(self, outcome) -> bool:
        """Under way during a fault (sent before its window closed, answered after it
        opened): the kill of a host, the Redis outage, PostgreSQL's."""
        m = self.marks
        windows = [
            (m["kill_web"], m["kill_web"] + 10),
            (m["redis_stop"], m["redis_back"] + 5),
            (m["pg_kill"], m["pg_ready"] + 5),
        ]
        sent = outcome.at - outcome.seconds
        return any(outcome.at >= start and sent <= end for start, end in windows)

    def ledger_check(self, client: Client) -> dict:
        path = self.directory / "ledger.json"
        path.write_text(
            json.dumps(
                {
                    "cookies": self.cookies,
                    "comments": {str(pk): c for pk, c in client.ledger.comments.items()},
                    "reactions": [[pk, w, v] for (pk, w), v in client.ledger.reactions.items()],
                }
            )
        )
        return json.loads(self.topology.python(CHECK, str(self.page_id), str(path)))

    def main(self) -> int:
        started = time.monotonic()
        try:
            self.setup()
            client, listeners = asyncio.run(self.load())
            figures = self.figures(client, listeners)
            checked = self.ledger_check(client)
        finally:
            self.topology.stop_all()
        figures = {
            "lost_writes": len(checked["lost"]),
            "half_applied": len(checked["half"]),
            **figures,
            "comment_rows": checked["rows"],
            "seconds": round(time.monotonic() - started, 1),
        }
        for problem in checked["lost"][:10] + checked["half"][:10]:
            self.say(f"       {problem}")
        f = figures
        self.check(f["lost_writes"] == 0, f"acknowledged writes lost: {f['lost_writes']}")
        self.check(
            f["half_applied"] == 0,
            f"writes half applied (counters unequal to rows): {f['half_applied']}",
        )
        self.check(
            f["delivered"] == 1.0,
            f"events that reached their sockets: {f['delivered']}",
            timing=True,
        )
        self.check(
            f["failover_s"] <= 2,
            f"failover after web host 1 was killed: {f['failover_s']} s",
            timing=True,
        )
        self.check(
            f["sockets_moved"] > 0,
            f"sockets of the killed host back: {f['sockets_moved']} in {f['sockets_moved_s']} s",
        )
        self.check(
            f["recovery_s"] <= 5,
            f"recovery after PostgreSQL restarted: {f['recovery_s']} s",
            timing=True,
        )
        self.check(
            f["errors_outside_faults"] == 0,
            f"errors outside the faults' windows: {f['errors_outside_faults']}",
            timing=True,
        )
        self.check(
            f["reads_failed_during_redis_outage"] == 0,
            f"pages failed while Redis was down: {f['reads_failed_during_redis_outage']}"
            f" of {f['reads_during_redis_outage']}",
        )
        self.check(
            f["sockets_hearing_after_redis"] == len(listeners),
            f"sockets hearing events after Redis came back: {f['sockets_hearing_after_redis']}",
        )
        out = ROOT / "var" / "bench" / "results.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        results = json.loads(out.read_text()) if out.exists() else {}
        results["topology"] = {**figures, "failures": self.failures}
        out.write_text(json.dumps(results, indent=2) + "\n")
        print(json.dumps(figures, indent=2))
        self.say(f"written to {out.relative_to(ROOT)}")
        return 1 if self.fatal else 0


if __name__ == "__main__":
    if os.geteuid() != 0:
        sys.exit("make topology needs root: it makes network namespaces (ip netns).")
    sys.exit(Run().main())
