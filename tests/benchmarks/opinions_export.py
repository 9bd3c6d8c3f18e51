"""Benchmarks of work done off the request path: opinion groups and the analysts' export.

Run by run.py in the benchmark's environment (its database and bench_settings), after the
server benchmarks; prints one JSON object with three results for var/bench/results.json:

- `opinion_groups`: the whole background task (read the matrix, PCA, k-means for k = 2..5
  with silhouettes, store the result and the comments' scores) for 2,000 participants x
  1,000 comments, each participant reacting to 250 of them (500,000 reactions) in three
  planted opinion groups. Value in seconds; the target is under 10.
- `opinion_groups_50k`: the same task for 50,000 participants reacting to 140 of 1,000
  comments each (7 million reactions). Under 60 s. Both give the growth of the process's
  peak resident set during the task.
- `export`: 100,000 comments written as CSV (the streamed body, read to the end), its peak
  Python memory (tracemalloc, a second pass) and the growth of the process's resident set;
  the JSON and XLSX encodings' times alongside (the XLSX's is its background task's build
  time, which the editor no longer waits for in the request).

The first run seeds each consultation in a child process (`opinions_export.py seed
<slug>`), so the seeding's memory does not hide what is measured; BENCH_REUSE=1 finds them
again. The opinion groups' reactions are drawn with numpy and written with PostgreSQL's
COPY (executemany on SQLite): 7 million rows through the ORM would take most of an hour.
Name benchmarks as arguments to run only those (`opinions_export.py opinion_groups_50k`).
"""

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import timedelta

import django

django.setup()

import numpy as np  # noqa: E402
from allauth.account.models import EmailAddress  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Profile, User  # noqa: E402
from consult.consultations.models import ConsultationIndexPage, ConsultationPage  # noqa: E402
from consult.core import rows  # noqa: E402
from consult.discussion.models import Comment, Reaction  # noqa: E402
from consult.exports import formats  # noqa: E402
from consult.exports.queries import contribution_rows, export_questions  # noqa: E402
from consult.opinions.models import OpinionGroups  # noqa: E402
from consult.opinions.tasks import opinion_groups_refresh  # noqa: E402

EXPORT_ROWS = 100_000
BATCH = 5000
EXPORT_SLUG = "bench-export"
# Reactions drawn and written this many participants at a time: bounded memory.
SEED_CHUNK = 5000


@dataclass(frozen=True)
class OpinionsBench:
    name: str
    slug: str
    participants: int
    comments: int
    reactions_each: int
    target: float


OPINIONS = [
    OpinionsBench("opinion_groups", "bench-opinion-groups", 2000, 1000, 250, 10),
    OpinionsBench("opinion_groups_50k", "bench-opinion-groups-50k", 50_000, 1000, 140, 60),
]


def _consultation(slug: str, title: str) -> ConsultationPage:
    index = ConsultationIndexPage.objects.order_by("pk").first()
    system = ConsultationPage.objects.exclude(ai_system=None).values_list("ai_system", flat=True)
    page = ConsultationPage(
        title=title,
        slug=slug,
        summary="A benchmark consultation.",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        ai_system_id=system.first(),
    )
    index.add_child(instance=page)
    return page


def _people(n: int, prefix: str) -> list[User]:
    users = User.objects.bulk_create(
        (User(email=f"{prefix}{i}@bench.example", password="!") for i in range(n)),
        batch_size=BATCH,
    )
    Profile.objects.bulk_create(
        (
            Profile(user=u, display_name=f"{prefix} {i}", pseudonym=f"Participant {prefix}{i}")
            for i, u in enumerate(users)
        ),
        batch_size=BATCH,
    )
    EmailAddress.objects.bulk_create(
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
        batch_size=BATCH,
    )
    return users


def _comments(page: ConsultationPage, author: User, n: int, text: str) -> list[Comment]:
    return Comment.objects.bulk_create(
        (
            Comment(
                consultation=page,
                author=author,
                author_display_mode="pseudonym",
                author_stakeholder_group="affected",
                body_source=text.format(i=i),
                body_html=f"<p>{text.format(i=i)}</p>",
            )
            for i in range(n)
        ),
        batch_size=BATCH,
    )


def seed_opinions(bench: OpinionsBench) -> None:
    """Three planted groups: a tenth of the comments are common ground, the rest split into
    three blocks each agreed with by one group; one reaction in ten goes the other way.
    Only the first participant has a profile (the comments' author): the others only react."""
    page = _consultation(bench.slug, f"Benchmark: {bench.name}")
    author = _people(1, f"{bench.name}-author")[0]
    voters = User.objects.bulk_create(
        (
            User(email=f"{bench.name}{i}@bench.example", password="!")
            for i in range(bench.participants)
        ),
        batch_size=BATCH,
    )
    user_ids = np.array([user.pk for user in voters])
    comments = _comments(page, author, bench.comments, "Opinion statement {i}.")
    comment_ids = np.array([comment.pk for comment in comments])
    common = bench.comments // 10
    block = (bench.comments - common) // 3
    rng = np.random.default_rng(11)
    now = rows.now()
    for start in range(0, bench.participants, SEED_CHUNK):
        people = np.arange(start, min(start + SEED_CHUNK, bench.participants))
        # Each participant's comments: the first reactions_each of a random order.
        draws = rng.random((len(people), bench.comments), dtype=np.float32)
        chosen = np.argpartition(draws, bench.reactions_each, axis=1)[:, : bench.reactions_each]
        person = np.repeat(people, bench.reactions_each)
        position = chosen.ravel()
        agrees = (position < common) | ((position - common) // block == person % 3)
        agrees ^= rng.random(len(position)) < 0.1
        _reactions_write(page, comment_ids[position], user_ids[person], agrees, now)
    # Planner statistics for the new rows, as seed.py takes them for its own.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reactions_write(page, comment_ids, user_ids, agrees, now) -> None:
    columns = ("comment_id", "user_id", "value", "consultation_id", "created_at", "updated_at")
    table = rows.table(Reaction)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    values = np.where(agrees, "agree", "disagree")
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
                [
                    (int(c), int(u), str(v), page.pk, now, now)
                    for c, u, v in zip(comment_ids, user_ids, values, strict=True)
                ],
            )
            return
        tail = {value: f"\t{value}\t{page.pk}\t{now}\t{now}\n" for value in ("agree", "disagree")}
        text = "".join(
            f"{c}\t{u}{tail[v]}"
            for c, u, v in zip(
                comment_ids.tolist(), user_ids.tolist(), values.tolist(), strict=True
            )
        )
        # The rows name users and comments this seeding has just created: the foreign-key
        # checks (three per row, at commit) took most of the time, so they are skipped.
        cursor.execute("SET LOCAL session_replication_role = replica")
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            copy.write(text)


def seed_export(page: ConsultationPage) -> None:
    author = _people(1, "ex")[0]
    text = "Row {i}: =1+1 what this would change for us, in a few plain sentences. " * 2
    for start in range(0, EXPORT_ROWS, BATCH):
        _comments(page, author, min(BATCH, EXPORT_ROWS - start), text)


def bench_opinions(bench: OpinionsBench) -> dict:
    page = ConsultationPage.objects.get(slug=bench.slug)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    # The task's own work, in this process (the server's settings queue tasks for a worker).
    opinion_groups_refresh.call(page.pk)
    seconds = time.perf_counter() - started
    stored = OpinionGroups.objects.get(consultation=page)
    return {
        "value": round(seconds, 2),
        "unit": "s",
        "target": bench.target,
        "participants": stored.result["participants"],
        "comments": stored.result["comments"],
        "reactions": stored.reaction_count,
        "groups": stored.result["k"],
        "rss_growth_mb": round(
            (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
        ),
    }


def _drain(pieces) -> int:
    return sum(len(piece) for piece in pieces)


def bench_export() -> dict:
    page = ConsultationPage.objects.get(slug=EXPORT_SLUG)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = _drain(formats.csv_pieces(export_questions(page), contribution_rows(page)))
    csv_seconds = time.perf_counter() - started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    started = time.perf_counter()
    _drain(formats.json_pieces(page, export_questions(page), contribution_rows(page)))
    json_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _drain(
        formats.file_pieces(
            formats.xlsx_file(page, export_questions(page), contribution_rows(page))
        )
    )
    xlsx_seconds = time.perf_counter() - started
    tracemalloc.start()
    _drain(formats.csv_pieces(export_questions(page), contribution_rows(page)))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "value": round(csv_seconds, 2),
        "unit": "s",
        "rows": Comment.objects.filter(consultation=page).count(),
        "csv_mb": round(size / 2**20, 1),
        "peak_python_mb": round(peak / 2**20, 1),
        "rss_growth_mb": round(rss_growth / 1024, 1),
        "json_s": round(json_seconds, 2),
        "xlsx_s": round(xlsx_seconds, 2),
    }


def main() -> None:
    if sys.argv[1:2] == ["seed"]:
        slug = sys.argv[2]
        if slug == EXPORT_SLUG:
            seed_export(_consultation(EXPORT_SLUG, "Benchmark: export"))
        else:
            seed_opinions(next(bench for bench in OPINIONS if bench.slug == slug))
        return
    wanted = set(sys.argv[1:]) or {"export", *(bench.name for bench in OPINIONS)}
    slugs = [EXPORT_SLUG] if "export" in wanted else []
    slugs += [bench.slug for bench in OPINIONS if bench.name in wanted]
    for slug in slugs:
        if not ConsultationPage.objects.filter(slug=slug).exists():
            seed = [sys.executable, __file__, "seed", slug]
            subprocess.run(seed, check=True, stdout=subprocess.DEVNULL)
    results = {}
    # The export first: its resident-set growth is measured against the start of the
    # process.
    if "export" in wanted:
        results["export"] = bench_export()
    for bench in OPINIONS:
        if bench.name in wanted:
            results[bench.name] = bench_opinions(bench)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
