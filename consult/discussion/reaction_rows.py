"""A reaction's row and its comment's counters, written together so the counters always equal
the rows (tests/discussion/test_discussion_concurrency.py).

Written out rather than as Django's querysets, which cost five times more Python than the
database spends running them, on the path of every reaction button. Table names come from
the models, quoted; every value is a parameter.

Each write applies only if the reaction still is what was read: when another request of the
same person changed it meanwhile (a click on another device, or a double click), the write
changes nothing, the reaction is read again and the write tried again. So no lock is taken
before writing, and the counters move by exactly what the row changed. A write that keeps
losing is done under a lock instead. The counters move only while the comment is shown: one
hidden before the write refuses the reaction, and nothing is written.

On PostgreSQL the write and its counters are one statement, so one transaction with no BEGIN
or COMMIT of their own: two statements in a transaction cost a reaction two more round trips,
and folding them took its server time in `make bench` from 5.4 to 5.05 ms of CPU. SQLite has
no writes inside WITH; there the two share a transaction, which SQLite serialises with every
other writer's anyway.
"""

import functools

from django.db import connection, transaction

from consult.core import rows
from consult.core.errors import NotAllowed
from consult.discussion import permissions, queries
from consult.discussion.models import Comment, CommentState, Reaction, ReactionValue

# The comment's counter of each reaction value.
COUNTERS = {value: f"{value}_count" for value in ReactionValue.values}

# A person's own reaction changes under a write only when they click again meanwhile: a
# write is tried this many times before it takes a lock.
ATTEMPTS = 5

# Counts as the comment now holds them, in the order of COUNTERS.
Counts = tuple[int, ...]


@functools.cache
def _statements() -> dict[str, str]:
    comment, reaction = rows.table(Comment), rows.table(Reaction)
    mine = "comment_id = %(comment)s AND user_id = %(user)s"
    columns = "(value, comment_id, user_id, consultation_id, created_at, updated_at)"
    row = "%(value)s, %(comment)s, %(user)s, %(consultation)s, %(now)s, %(now)s"
    shown = f"SELECT FROM {comment} WHERE id = %(comment)s AND state = %(state)s"
    counters = ", ".join(f"{name} = {name} + %({name})s" for name in COUNTERS.values())
    counts = ", ".join(COUNTERS.values())
    move = f"UPDATE {comment} SET counts_changed_at = %(now)s, {counters}"  # noqa: S608
    statements = {
        "previous": f"SELECT value FROM {reaction} WHERE {mine}",  # noqa: S608
        "insert": f"""
            INSERT INTO {reaction} {columns} VALUES ({row})
            ON CONFLICT (comment_id, user_id) DO NOTHING
        """,  # noqa: S608
        "update": f"""
            UPDATE {reaction} SET value = %(value)s, updated_at = %(now)s
            WHERE {mine} AND value = %(previous)s
        """,  # noqa: S608
        "delete": f"DELETE FROM {reaction} WHERE {mine} AND value = %(previous)s",  # noqa: S608
        # The locked way: the row, locked, or inserted if there is none. DO UPDATE locks the
        # row it conflicts with even when its WHERE updates nothing.
        "lock": f"SELECT value FROM {reaction} WHERE {mine}{rows.for_update()}",  # noqa: S608
        "claim": f"""
            INSERT INTO {reaction} {columns} VALUES ({row})
            ON CONFLICT (comment_id, user_id) DO UPDATE SET value = EXCLUDED.value WHERE FALSE
        """,  # noqa: S608
        "counters": f"{move} WHERE id = %(comment)s AND state = %(state)s RETURNING {counts}",
    }
    if connection.vendor == "postgresql":
        # Each write with its counters: the write applies only while the comment is shown,
        # and the counters move only when it applied. Every part sees one snapshot, so a
        # comment hidden by a commit during the statement counts as hidden after it: the
        # counters then move with the row, as they would have a moment earlier.
        guarded = {
            "insert": f"""
                INSERT INTO {reaction} {columns} SELECT {row} WHERE EXISTS ({shown})
                ON CONFLICT (comment_id, user_id) DO NOTHING
            """,
            "update": f"{statements['update']} AND EXISTS ({shown})",
            "delete": f"{statements['delete']} AND EXISTS ({shown})",
        }
        for kind, write in guarded.items():
            statements[f"{kind}_counted"] = f"""
                WITH written AS ({write} RETURNING 1),
                counted AS (
                    {move} WHERE id = %(comment)s AND EXISTS (SELECT FROM written)
                    RETURNING {counts}
                )
                SELECT EXISTS ({shown}), {counts} FROM (SELECT) AS one LEFT JOIN counted ON TRUE
            """  # noqa: S608
    return statements


def write(comment: Comment, user, value: str | None, believed=queries.UNKNOWN) -> Counts | None:
    """Set the user's reaction to `comment` to `value` (None: withdraw it), believed to be
    `believed` now (UNKNOWN: read it first). Returns the comment's counts as they now are, or
    None when the reaction already was `value` and nothing moved. Raises NotAllowed when the
    comment is no longer shown."""
    statements = _statements()
    mine = {"comment": comment.pk, "user": user.pk}
    previous = believed
    with connection.cursor() as cursor:
        for _attempt in range(ATTEMPTS):
            if previous is queries.UNKNOWN:
                cursor.execute(statements["previous"], mine)
                previous = next(iter(cursor.fetchone() or ()), None)
            if previous == value:
                return None
            counts = _attempt_write(cursor, comment, user, value, previous)
            if counts is not None:
                return counts
            previous = queries.UNKNOWN
        return _write_locked(cursor, comment, user, value)


def _params(comment: Comment, user, value, previous) -> dict:
    moved = dict.fromkeys(COUNTERS.values(), 0)
    if previous is not None:
        moved[COUNTERS[previous]] -= 1
    if value is not None:
        moved[COUNTERS[value]] += 1
    return {
        **moved,
        "comment": comment.pk,
        "user": user.pk,
        "consultation": comment.consultation_id,
        "value": value,
        "previous": previous,
        "now": rows.now(),
        "state": CommentState.VISIBLE,
    }


def _attempt_write(cursor, comment: Comment, user, value, previous) -> Counts | None:
    """Write over `previous` and move the counters, or nothing (None) when the reaction is no
    longer `previous`."""
    kind = "insert" if previous is None else "delete" if value is None else "update"
    params = _params(comment, user, value, previous)
    statements = _statements()
    if f"{kind}_counted" in statements:
        cursor.execute(statements[f"{kind}_counted"], params)
        shown, *counts = cursor.fetchone()
        if not shown:
            raise NotAllowed(str(permissions.NOT_SHOWN))
        return None if counts[0] is None else tuple(counts)
    with transaction.atomic():
        cursor.execute(statements[kind], params)
        return _move_counters(cursor, params) if cursor.rowcount == 1 else None


def _move_counters(cursor, params: dict) -> Counts:
    cursor.execute(_statements()["counters"], params)
    counts = cursor.fetchone()
    if counts is None:  # Refused: the transaction it raises out of takes the write back.
        raise NotAllowed(str(permissions.NOT_SHOWN))
    return tuple(counts)


def _write_locked(cursor, comment: Comment, user, value) -> Counts | None:
    """Write `value` under the reaction row's lock, which cannot lose. The row is locked first
    and the comment's row after it (for the counters), in the order every reaction's writer
    takes them: locking the comment first deadlocks with a writer that changed the row and
    waits for the comment."""
    statements = _statements()
    with transaction.atomic():
        if value is None:
            cursor.execute(statements["lock"], {"comment": comment.pk, "user": user.pk})
            previous = next(iter(cursor.fetchone() or ()), None)
            if previous is None:
                return None
            params = _params(comment, user, value, previous)
            cursor.execute(statements["delete"], params)
            return _move_counters(cursor, params)
        params = _params(comment, user, value, None)
        cursor.execute(statements["claim"], params)
        if cursor.rowcount == 1:
            return _move_counters(cursor, params)
        # The row is ours until the transaction ends: this reads what it holds.
        cursor.execute(statements["previous"], params)
        (previous,) = cursor.fetchone()
        if previous == value:
            return None
        params = _params(comment, user, value, previous)
        cursor.execute(statements["update"], params)
        return _move_counters(cursor, params)
