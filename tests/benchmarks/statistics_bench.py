"""Benchmark of a consultation's statistics (consult.outcomes.queries.statistics_for): every
number on its summary page, for 20,000 participants, 5,000 comments, 200,000 reactions,
10,000 positions and 5,000 questionnaire responses.

Run by run.py in the benchmark's environment (its database and bench_settings); prints one
JSON object for var/bench/results.json: `statistics`, the median of five computations in
seconds. Seeds its own consultation once (BENCH_REUSE=1 finds it again): bulk inserts, and
COPY for the reactions on PostgreSQL.
"""

import itertools
import json
import statistics as stats
import sys
import time
import uuid
from datetime import timedelta

import django

django.setup()

from django.db import connection  # noqa: E402
from django.db.models.functions import Mod  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from accounts.models import Profile, StakeholderGroup, User  # noqa: E402
from consult.consultations.models import ConsultationIndexPage, ConsultationPage  # noqa: E402
from consult.discussion.models import Comment, Position, Reaction, Stance  # noqa: E402
from consult.outcomes.queries import statistics_for  # noqa: E402
from consult.questionnaires.models import Response, ResponseState  # noqa: E402
from tests.factories import make_ai_system  # noqa: E402

PARTICIPANTS = 20_000
COMMENTS = 5_000
REACTIONS_PER_COMMENT = 40  # 200,000 in all
POSITIONS = 10_000
RESPONSES = 5_000
DAYS = 30
BATCH = 5_000
SLUG = "bench-statistics"
RUNS = 5

QUESTIONS = [
    ("single_choice", {"choices": ["Yes", "No", "Not sure"]}),
    ("multiple_choice", {"choices": ["Audits", "Deletion", "Notice", "Appeal"]}),
    ("scale", {"low_label": "Not at all", "high_label": "Fully"}),
    ("long_text", {}),
]


def _index() -> Page:
    index = ConsultationIndexPage.objects.order_by("pk").first()
    if index is None:
        index = ConsultationIndexPage(title="Consultations", slug="consultations")
        Page.objects.get(depth=2).add_child(instance=index)
    return index


def _consultation() -> tuple[ConsultationPage, bool]:
    existing = ConsultationPage.objects.filter(slug=SLUG).first()
    if existing:
        return existing, False
    questions = [
        {
            "type": kind,
            "id": str(uuid.uuid4()),
            "value": {"prompt": f"Question {n}", "help_text": "", "required": False, **extra},
        }
        for n, (kind, extra) in enumerate(QUESTIONS)
    ]
    page = ConsultationPage(
        title="Statistics benchmark",
        slug=SLUG,
        summary="A benchmark consultation.",
        opens_at=timezone.now() - timedelta(days=DAYS),
        closes_at=timezone.now() + timedelta(days=1),
        questions=questions,
        ai_system=make_ai_system(
            "Statistics benchmark system", affected_groups=["affected", "community"]
        ),
    )
    _index().add_child(instance=page)
    return page, True


def _participants() -> list[int]:
    users = User.objects.bulk_create(
        (User(email=f"stats{n}@example.org", password="!") for n in range(PARTICIPANTS)),
        batch_size=BATCH,
    )
    groups = itertools.cycle(StakeholderGroup.values)
    Profile.objects.bulk_create(
        (
            Profile(
                user=user, pseudonym=f"Participant {200000 + n}", stakeholder_group=next(groups)
            )
            for n, user in enumerate(users)
        ),
        batch_size=BATCH,
    )
    return [user.pk for user in users]


def _spread(queryset, field: str) -> None:
    """Spread rows over the consultation's days by id (one UPDATE per day)."""
    now = timezone.now()
    marked = queryset.annotate(day=Mod("pk", DAYS))
    for day in range(DAYS):
        marked.filter(day=day).update(**{field: now - timedelta(days=day, hours=1)})


def _reactions(page: ConsultationPage, comment_ids: list[int], user_ids: list[int]) -> None:
    values = ("agree", "agree", "disagree", "pass")
    now = timezone.now()
    rows = (
        (comment_id, user_ids[(n * REACTIONS_PER_COMMENT + k) % PARTICIPANTS], values[(n + k) % 4])
        for n, comment_id in enumerate(comment_ids)
        for k in range(REACTIONS_PER_COMMENT)
    )
    if connection.vendor != "postgresql":
        Reaction.objects.bulk_create(
            (Reaction(comment_id=c, user_id=u, consultation=page, value=v) for c, u, v in rows),
            batch_size=BATCH,
        )
        return
    table = Reaction._meta.db_table
    columns = "comment_id, user_id, consultation_id, value, created_at, updated_at"
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for n, (c, u, v) in enumerate(rows):
            stamp = (now - timedelta(days=n % DAYS)).isoformat()
            copy.write_row((c, u, page.pk, v, stamp, stamp))


def seed(page: ConsultationPage) -> None:
    user_ids = _participants()
    groups = dict(
        Profile.objects.filter(user_id__in=user_ids).values_list("user_id", "stakeholder_group")
    )
    comments = Comment.objects.bulk_create(
        (
            Comment(
                consultation=page,
                author_id=user_ids[n * 4 % PARTICIPANTS],
                author_display_mode="pseudonym",
                author_stakeholder_group=groups[user_ids[n * 4 % PARTICIPANTS]],
                body_source=f"Comment {n}.",
                body_html=f"<p>Comment {n}.</p>",
                state="visible" if n % 50 else "hidden",
            )
            for n in range(COMMENTS)
        ),
        batch_size=BATCH,
    )
    _spread(Comment.objects.filter(consultation=page), "created_at")
    _reactions(page, [c.pk for c in comments], user_ids)
    stances = itertools.cycle(Stance.values)
    Position.objects.bulk_create(
        (
            Position(
                consultation=page,
                user_id=user_id,
                stance=next(stances),
                author_stakeholder_group=groups[user_id],
            )
            for user_id in user_ids[:POSITIONS]
        ),
        batch_size=BATCH,
    )
    _spread(Position.objects.filter(consultation=page), "created_at")
    ids = [child.id for child in page.questions]
    now = timezone.now()
    Response.objects.bulk_create(
        (
            Response(
                consultation=page,
                user_id=user_id,
                answers={
                    ids[0]: n % 3,
                    ids[1]: sorted({n % 4, (n // 4) % 4}),
                    ids[2]: n % 5 + 1,
                    **({ids[3]: "In my own words."} if n % 3 == 0 else {}),
                },
                state=ResponseState.SUBMITTED,
                submitted_at=now - timedelta(days=n % DAYS),
                stakeholder_group=groups[user_id],
            )
            for n, user_id in enumerate(user_ids[-RESPONSES:])
        ),
        batch_size=BATCH,
    )


def main() -> None:
    page, created = _consultation()
    if created:
        started = time.monotonic()
        seed(page)
        print(f"statistics: seeded in {time.monotonic() - started:.0f}s", file=sys.stderr)
    page = ConsultationPage.objects.get(pk=page.pk)
    statistics_for(page)  # warms the caches every page view has warm (site, settings)
    timings = []
    for _run in range(RUNS):
        started = time.perf_counter()
        computed = statistics_for(page)
        timings.append(time.perf_counter() - started)
    assert computed.heard.total == PARTICIPANTS, computed.heard.total
    print(json.dumps({"statistics": {"value": round(stats.median(timings), 3), "unit": "s"}}))


if __name__ == "__main__":
    main()
