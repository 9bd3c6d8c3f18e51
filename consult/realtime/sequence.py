"""Event numbers and the replay buffer of a consultation's stream.

Numbers come from a database row bumped with F(), so they keep counting while Redis is away:
a client that comes back then finds numbers the buffer (in the cache) never kept, and is told
to reload rather than left believing it missed nothing.
"""

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from consult.realtime.models import LiveSequence

# How long, and how many, events a reconnecting client can catch up on; past that it reloads.
REPLAY_SECONDS = 15 * 60
REPLAY_MAX_EVENTS = 500


def next_number(consultation_id: int) -> int:
    with transaction.atomic():
        rows = LiveSequence.objects.filter(pk=consultation_id)
        if not rows.update(value=F("value") + 1):
            try:
                with transaction.atomic():
                    LiveSequence.objects.create(consultation_id=consultation_id, value=1)
                return 1
            except IntegrityError:  # another process created it first
                rows.update(value=F("value") + 1)
        # The row stays locked until this transaction ends, so this is our number.
        return rows.values_list("value", flat=True).get()


def current_number(consultation_id: int) -> int:
    found = LiveSequence.objects.filter(pk=consultation_id).values_list("value", flat=True)
    return found.first() or 0


def _key(consultation_id: int, seq: int) -> str:
    return f"live:event:{consultation_id}:{seq}"


def keep(consultation_id: int, seq: int, stored: dict) -> None:
    cache.set(_key(consultation_id, seq), stored, REPLAY_SECONDS)


def missed(consultation_id: int, after: int) -> list[dict] | None:
    """The stored events numbered after `after`, oldest first; None when any is gone (or
    `after` is not a number this stream gave), so the client must reload instead."""
    last = current_number(consultation_id)
    if after > last or last - after > REPLAY_MAX_EVENTS:
        return None
    keys = [_key(consultation_id, seq) for seq in range(after + 1, last + 1)]
    found = cache.get_many(keys) if keys else {}
    if len(found) != len(keys):
        return None
    return [found[key] for key in keys]
