"""Benchmark of the viewer-facts and viewer-marks statements (consult.discussion.queries.
viewer), written out because the issue's rule keeps written-out SQL only where it is at least
twice as fast: the same rows read through Django's ORM (for the facts, one queryset, its
subqueries as annotations; for the marks, a union of querysets) against the written-out
statements, for a participant of the seeded consultation and the comments of its first page.

Run by run.py in the benchmark's environment after seeding; prints one JSON object for
var/bench/results.json: `viewer_facts_orm_over_sql` and `viewer_marks_orm_over_sql`, how
many times more CPU the ORM's read costs this process than the written-out one (medians of
five rounds), and each one's cost.
"""

import json
import statistics as stats
import time

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.db.models import (  # noqa: E402
    CharField,
    Count,
    Exists,
    FilteredRelation,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.permissions import STAFF_GROUPS  # noqa: E402
from consult.core.rows import id_in  # noqa: E402
from consult.core.viewer import Viewer  # noqa: E402
from consult.discussion.models import Comment, CommentState, Position, Reaction  # noqa: E402
from consult.discussion.queries.viewer import viewer_facts, viewer_marks  # noqa: E402
from consult.moderation.models import Flag, Suspension  # noqa: E402
from consult.notifications.models import Notification  # noqa: E402
from consult.outcomes.models import Follow  # noqa: E402
from consult.questionnaires.models import Response  # noqa: E402
from consult.realtime.models import LiveSequence  # noqa: E402

CALLS = 200
RUNS = 5


def orm_row(user_id: int, consultation_id: int):
    """The written-out statement's row, as the ORM reads it."""
    mine = OuterRef("pk")
    here = {"consultation_id": consultation_id}
    unread = (
        Notification.objects.filter(user=mine, read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def filtered(name: str) -> FilteredRelation:
        return FilteredRelation(name, condition=Q(**{f"{name}__consultation_id": consultation_id}))

    return (
        User.objects.filter(pk=user_id)
        .annotate(
            verified=Exists(EmailAddress.objects.filter(user=mine, verified=True)),
            suspended=Exists(Suspension.objects.filter(user=mine, until__gt=timezone.now())),
            in_staff=Exists(
                User.groups.through.objects.filter(user=mine, group__name__in=STAFF_GROUPS)
            ),
            has_held=Exists(Comment.objects.filter(author=mine, state=CommentState.HELD, **here)),
            following=Exists(Follow.objects.filter(user=mine, **here)),
            unread=Coalesce(Subquery(unread), Value(0)),
            live_seq=Subquery(LiveSequence.objects.filter(**here).values("value")[:1]),
            pa=filtered("participations"),
            po=filtered("positions"),
            r=filtered("questionnaire_responses"),
        )
        .values_list(
            "verified",
            "suspended",
            "in_staff",
            "has_held",
            "following",
            "unread",
            "live_seq",
            "pa__display_mode",
            "po__stance",
            "po__reason",
            "profile__display_name",
            "profile__pseudonym",
            "profile__research_consent",
            "profile__automated_analysis_consent",
            *(f"r__{field.attname}" for field in Response._meta.concrete_fields),
        )
        .first()
    )


def orm_marks(user_id: int, comment_ids: list[int]) -> list:
    """The written-out marks' rows, as a union of querysets reads them."""
    reactions = Reaction.objects.filter(id_in("comment_id", comment_ids), user_id=user_id)
    reported = Flag.objects.filter(id_in("comment_id", comment_ids), flagger_id=user_id)
    none = Value(None, output_field=CharField())
    return list(
        reactions.values_list("comment_id", "value").union(
            reported.values_list("comment_id", none), all=True
        )
    )


def cpu_per_call(read) -> float:
    """Median CPU milliseconds of this process per call of `read`."""
    rounds = []
    for _ in range(RUNS):
        started = time.process_time()
        for _ in range(CALLS):
            read()
        rounds.append((time.process_time() - started) / CALLS * 1000)
    return stats.median(rounds)


def main() -> None:
    position = Position.objects.filter(user__isnull=False).select_related("consultation").first()
    user = User.objects.get(pk=position.user_id)
    consultation = position.consultation

    def written_out():
        # A fresh viewer each time: the viewer keeps what it read for its request.
        return viewer_facts(Viewer(user), consultation)

    assert written_out().own_position.stance == position.stance
    assert orm_row(user.pk, consultation.pk)[8] == position.stance
    orm = cpu_per_call(lambda: orm_row(user.pk, consultation.pk))
    sql = cpu_per_call(written_out)
    # A page's worth of comments, twenty of which this participant reacted to.
    reacted = list(
        Reaction.objects.filter(user=user, consultation=consultation).values_list(
            "comment_id", flat=True
        )[:20]
    )
    others = Comment.objects.filter(consultation=consultation).exclude(pk__in=reacted)
    page = [*reacted, *others.order_by("-pk").values_list("pk", flat=True)[:80]]
    marks = viewer_marks(Viewer(user), page)
    assert marks[0] and sorted(orm_marks(user.pk, page)) == sorted(marks[0].items())
    orm_marks_cpu = cpu_per_call(lambda: orm_marks(user.pk, page))
    sql_marks_cpu = cpu_per_call(lambda: viewer_marks(Viewer(user), page))
    print(
        json.dumps(
            {
                "viewer_facts_orm_over_sql": {"value": round(orm / sql, 1), "unit": "x"},
                "viewer_facts_sql_cpu": {"value": round(sql, 3), "unit": "ms"},
                "viewer_facts_orm_cpu": {"value": round(orm, 3), "unit": "ms"},
                "viewer_marks_orm_over_sql": {
                    "value": round(orm_marks_cpu / sql_marks_cpu, 1),
                    "unit": "x",
                },
                "viewer_marks_sql_cpu": {"value": round(sql_marks_cpu, 3), "unit": "ms"},
                "viewer_marks_orm_cpu": {"value": round(orm_marks_cpu, 3), "unit": "ms"},
            }
        )
    )


main()
