"""Writes of opinion groups: computing them, and deciding when they are due again.

A computation reads the whole vote matrix, so it never runs inside a reaction's transaction.
Each reaction, after it commits, only counts itself (`opinion_groups_reaction_recorded`);
once enough have arrived since the last computation, the first request to notice enqueues
the background task, guarded by a cache lock so one burst of reactions enqueues it once.
"""

import math
import threading

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.counting import count_and_read
from consult.discussion.models import Comment
from consult.opinions import queries
from consult.opinions.analysis import analyse
from consult.opinions.models import CommentConsensus, OpinionGroups
from consult.realtime import publish

# Recompute after 10% more reactions, but never before 10 nor later than 1,000 new ones.
REFRESH_SHARE = 0.1
REFRESH_MIN = 10
REFRESH_MAX = 1000
# A queued computation that never ran (a worker down) stops blocking the next after this.
QUEUED_TIMEOUT = 15 * 60
# Each process holds back up to this share of the reactions that make a computation due, and
# sends them to the shared count together (see opinion_groups_reaction_recorded).
HELD_SHARE = 0.1

# By the shared count's full key (the cache's prefix and the consultation): the reactions
# this process has counted and not sent yet, and how many it may hold.
_held: dict[str, tuple[int, int]] = {}
_held_lock = threading.Lock()


def _keys(consultation_id: int) -> tuple[str, str, str]:
    prefix = f"opinions:{consultation_id}"
    return f"{prefix}:new", f"{prefix}:due", f"{prefix}:queued"


def refresh_threshold(reaction_count: int) -> int:
    """How many new reactions make the next computation due."""
    return min(max(math.ceil(reaction_count * REFRESH_SHARE), REFRESH_MIN), REFRESH_MAX)


def opinion_groups_compute(*, consultation: ConsultationPage) -> OpinionGroups:
    """Compute the opinion groups of `consultation` now and store them, replacing the last."""
    consultation = canonical_consultation(consultation)
    new_key, due_key, queued_key = _keys(consultation.pk)
    # Reset before reading: reactions that arrive during the computation count for the next.
    cache.set(new_key, 0, timeout=None)
    votes, reaction_count = queries.vote_matrix(consultation)
    result = analyse(votes).summary()
    scores = {row["id"]: row["consensus"] for row in result["comment_stats"]}
    with transaction.atomic():
        stored, _created = OpinionGroups.objects.update_or_create(
            consultation=consultation,
            defaults={
                "result": result,
                "reaction_count": reaction_count,
                "computed_at": timezone.now(),
            },
        )
        _consensus_replace(consultation, scores)
        publish.page_changed(consultation=consultation)
    cache.set(due_key, refresh_threshold(reaction_count), timeout=None)
    cache.delete(queued_key)
    return stored


def _consensus_replace(consultation: ConsultationPage, scores: dict[int, float]) -> None:
    """Replace the consultation's consensus scores in one bulk write. A comment deleted since
    the matrix was read gets no score (nor a dangling key)."""
    CommentConsensus.objects.filter(consultation=consultation).delete()
    still_there = Comment.objects.filter(consultation=consultation, pk__in=scores).values_list(
        "pk", flat=True
    )
    CommentConsensus.objects.bulk_create(
        CommentConsensus(comment_id=pk, consultation=consultation, score=scores[pk])
        for pk in still_there
    )


def opinion_groups_enqueue(*, consultation_id: int) -> bool:
    """Queue a computation unless one is already queued; True if this call queued it."""
    # Imported here: the task module imports these services.
    from consult.opinions.tasks import opinion_groups_refresh

    if not cache.add(_keys(consultation_id)[2], 1, timeout=QUEUED_TIMEOUT):
        return False
    opinion_groups_refresh.enqueue(consultation_id)
    return True


def opinion_groups_reaction_recorded(*, consultation_id: int) -> None:
    """Count one new or changed reaction; queue a computation when enough have arrived.
    On the discussion's reaction_recorded signal, after a reaction commits.

    The count is shared in the cache, and each send also tells how many are due and whether
    a computation is already queued. A round trip to the cache for every reaction cost the
    `reaction` benchmark 4% of its rate, so this process holds reactions back and sends them
    together, up to a tenth of the number due: one in a hundred pays the round trip on a
    consultation of 10,000 reactions, and every one while fewer than 20 are due. So a
    computation may be queued later by up to a tenth of the number due for each process
    serving reactions; what a process holds when it stops is never counted."""
    new_key, due_key, queued_key = _keys(consultation_id)
    # The cache's prefix, too: a cache configured anew (each test's) starts afresh.
    held_key = cache.make_key(new_key)
    with _held_lock:
        held, limit = _held.get(held_key, (0, 1))
        held += 1
        _held[held_key] = (0, limit) if held >= limit else (held, limit)
    if held < limit:
        return
    new, (due, queued) = count_and_read(new_key, (due_key, queued_key), timeout=None, by=held)
    due = due or REFRESH_MIN
    with _held_lock:
        held_now, _limit = _held[held_key]
        _held[held_key] = (held_now, max(1, int(due * HELD_SHARE)))
    if new >= due and not queued:
        opinion_groups_enqueue(consultation_id=consultation_id)
