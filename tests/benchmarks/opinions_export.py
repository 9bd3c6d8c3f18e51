"""Benchmarks of work done off the request path: opinion groups and the analysts' export.

Run by run.py in the benchmark's environment (its database and bench_settings), after the
server benchmarks; prints one JSON object with two results for var/bench/results.json:

- `opinion_groups`: the whole background task (read the matrix, PCA, k-means for k = 2..5
  with silhouettes, store the result and the comments' scores) for 2,000 participants x
  1,000 comments, each participant reacting to 250 of them (500,000 reactions) in three
  planted opinion groups. Value in seconds; the target is under 10.
- `export`: 100,000 comments written as CSV (the streamed body, read to the end), its peak
  Python memory (tracemalloc, a second pass) and the growth of the process's resident set;
  the JSON and XLSX encodings' times alongside (the XLSX's is its background task's build
  time, which the editor no longer waits for in the request).

The first run seeds their two consultations in a child process (`opinions_export.py seed`),
so the seeding's memory does not hide the export's; BENCH_REUSE=1 finds them again.
"""

import itertools
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Profile, User  # noqa: E402
from consult.consultations.models import ConsultationIndexPage, ConsultationPage  # noqa: E402
from consult.discussion.models import Comment, Reaction  # noqa: E402
from consult.exports import formats  # noqa: E402
from consult.exports.queries import contribution_rows  # noqa: E402
from consult.opinions.models import OpinionGroups  # noqa: E402
from consult.opinions.tasks import opinion_groups_refresh  # noqa: E402

PARTICIPANTS = 2000
COMMENTS = 1000
REACTIONS_EACH = 250
EXPORT_ROWS = 100_000
BATCH = 5000
OPINIONS_SLUG = "bench-opinion-groups"
EXPORT_SLUG = "bench-export"


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


def seed_opinions(page: ConsultationPage) -> None:
    """Three planted groups: a tenth of the comments are common ground, the rest split into
    three blocks each agreed with by one group; one reaction in ten goes the other way."""
    rng = random.Random(11)
    people = _people(PARTICIPANTS, "og")
    comments = _comments(page, people[0], COMMENTS, "Opinion statement {i}.")
    common = COMMENTS // 10
    block = (COMMENTS - common) // 3

    def rows():
        for index, person in enumerate(people):
            group = index % 3
            for position in rng.sample(range(COMMENTS), REACTIONS_EACH):
                agrees = position < common or (position - common) // block == group
                if rng.random() < 0.1:
                    agrees = not agrees
                yield Reaction(
                    comment=comments[position],
                    user=person,
                    consultation=page,
                    value="agree" if agrees else "disagree",
                )

    iterator = rows()
    while batch := list(itertools.islice(iterator, BATCH)):
        Reaction.objects.bulk_create(batch)


def seed_export(page: ConsultationPage) -> None:
    author = _people(1, "ex")[0]
    text = "Row {i}: =1+1 what this would change for us, in a few plain sentences. " * 2
    for start in range(0, EXPORT_ROWS, BATCH):
        _comments(page, author, min(BATCH, EXPORT_ROWS - start), text)


def bench_opinions() -> dict:
    page = ConsultationPage.objects.get(slug=OPINIONS_SLUG)
    started = time.perf_counter()
    opinion_groups_refresh.enqueue(page.pk)  # the immediate backend: runs here
    seconds = time.perf_counter() - started
    stored = OpinionGroups.objects.get(consultation=page)
    return {
        "value": round(seconds, 2),
        "unit": "s",
        "target": 10,
        "participants": stored.result["participants"],
        "comments": stored.result["comments"],
        "reactions": stored.reaction_count,
        "groups": stored.result["k"],
    }


def _drain(pieces) -> int:
    return sum(len(piece) for piece in pieces)


def bench_export() -> dict:
    page = ConsultationPage.objects.get(slug=EXPORT_SLUG)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = _drain(formats.csv_pieces(page, contribution_rows(page)))
    csv_seconds = time.perf_counter() - started
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    started = time.perf_counter()
    _drain(formats.json_pieces(page, contribution_rows(page)))
    json_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _drain(formats.file_pieces(formats.xlsx_file(page, contribution_rows(page))))
    xlsx_seconds = time.perf_counter() - started
    tracemalloc.start()
    _drain(formats.csv_pieces(page, contribution_rows(page)))
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
    if sys.argv[1:] == ["seed"]:
        seed_opinions(_consultation(OPINIONS_SLUG, "Benchmark: opinion groups"))
        seed_export(_consultation(EXPORT_SLUG, "Benchmark: export"))
        return
    if not ConsultationPage.objects.filter(slug=EXPORT_SLUG).exists():
        subprocess.run([sys.executable, __file__, "seed"], check=True, stdout=subprocess.DEVNULL)
    # The export first: its resident-set growth is measured against the start of the process.
    export = bench_export()
    results = {"opinion_groups": bench_opinions(), "export": export}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
