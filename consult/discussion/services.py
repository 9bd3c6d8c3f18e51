"""Every write to a consultation's discussion: one function per state change.

Each checks the named permission (consult.discussion.permissions), counts the rate limit,
validates, and writes atomically. Contributions always land on the canonical consultation
page, whichever language version they were posted from.
"""

import functools
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.models import User
from accounts.privacy.models import ConsentPurpose, DeletionMode
from accounts.queries import profile_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core import rows
from consult.core.errors import NotAllowed, refuse_if
from consult.core.ratelimit import rate_limit_consume
from consult.core.sanitize import render_comment_markdown
from consult.core.viewer import Viewer
from consult.discussion import permissions, queries
from consult.discussion.models import (
    Comment,
    CommentRevision,
    CommentState,
    Participation,
    Position,
    Reaction,
    ReactionValue,
)
from consult.discussion.signals import analysis_consent_changed, reaction_recorded
from consult.realtime import publish

# Wagtail hook: functions of (comment=) run inside comment_create's transaction, once the
# comment is saved; raising NotAllowed refuses it.
COMMENT_SCREEN_HOOK = "discussion_comment_screen"


def _refuse_unless_participant(user: User, consultation: ConsultationPage) -> None:
    if refusal := permissions.participation_refusal(user, consultation):
        raise NotAllowed(str(permissions.REFUSALS[refusal]))


def _set_body(comment: Comment, body: str) -> None:
    body = body.strip()
    limit = settings.CONSULT_COMMENT_MAX_LENGTH
    if not body:
        raise ValidationError({"body": _("Write something before posting.")}, code="required")
    if len(body) > limit:
        raise ValidationError(
            {
                "body": _(
                    "Comments can be at most %(limit)d characters long; this one has %(length)d."
                )
                % {"limit": limit, "length": len(body)}
            },
            code="max_length",
        )
    comment.body_source = body
    comment.body_html = render_comment_markdown(body)


def comment_create(
    *,
    consultation: ConsultationPage,
    author: User,
    body: str,
    display_mode: str,
    parent: Comment | None = None,
    research_use: bool | None = None,
    automated_analysis: bool | None = None,
    language: str | None = None,
) -> Comment:
    """Post a top-level comment, or a reply to `parent`, as `author` chose to appear and
    with the uses they allow it; a use left as None takes their profile's choice. Its
    `language` is the page's it was posted from, the active one unless given."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(author, consultation)
    if parent is not None:
        refuse_if(permissions.reply_refusal(author, parent, consultation))
    rate_limit_consume(action="comment", key=str(author.pk))
    profile = profile_for(author)
    comment = Comment(
        consultation=consultation,
        parent=parent,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author=author,
        author_display_mode=display_mode,
        author_stakeholder_group=profile.stakeholder_group,
        author_organisation=profile.organisation,
        research_use=profile.research_consent if research_use is None else research_use,
        automated_analysis=(
            profile.automated_analysis_consent if automated_analysis is None else automated_analysis
        ),
        language=language or get_language(),
    )
    _set_body(comment, body)
    # The foreign keys were just checked; validating them again would cost four queries.
    comment.full_clean(exclude=["consultation", "parent", "thread", "author"])
    with transaction.atomic():
        comment.save()
        Participation.objects.update_or_create(
            consultation=consultation, user=author, defaults={"display_mode": display_mode}
        )
        # Moderation, which imports this app, screens it here: pre-moderation or the
        # automated pre-screen may hold it (never hide it), or refuse a reply to a thread
        # locked meanwhile.
        for screen in hooks.get_hooks(COMMENT_SCREEN_HOOK):
            screen(comment=comment)
        publish.comment_changed(comment, kind="created")
    return comment


def comment_edit(*, comment: Comment, author: User, body: str) -> Comment:
    """Replace the text of the author's own comment, keeping the old text as a revision."""
    refuse_if(permissions.edit_refusal(author, comment, comment.consultation))
    rate_limit_consume(action="comment_edit", key=str(author.pk))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        refuse_if(permissions.edit_refusal(author, locked, comment.consultation))
        if body.strip() == locked.body_source:
            return locked
        revision = CommentRevision(
            comment=locked,
            body_source=locked.body_source,
            body_html=locked.body_html,
            written_at=locked.edited_at or locked.created_at,
        )
        _set_body(locked, body)
        locked.edited_at = timezone.now()
        revision.save()
        locked.save(update_fields=["body_source", "body_html", "edited_at"])
        publish.comment_changed(locked, kind="edited")
    return locked


def comment_delete(*, comment: Comment, author: User) -> Comment:
    """The author withdraws their comment. Its words go (revisions too); where replies
    exist the page shows a tombstone in its place so the conversation still reads."""
    refuse_if(permissions.delete_refusal(author, comment, comment.consultation))
    rate_limit_consume(action="comment_edit", key=str(author.pk))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        refuse_if(permissions.delete_refusal(author, locked, comment.consultation))
        locked.state = CommentState.REMOVED_BY_AUTHOR
        locked.body_source = ""
        locked.body_html = ""
        locked.save(update_fields=["state", "body_source", "body_html"])
        locked.revisions.all().delete()
        publish.comment_changed(locked, kind="removed")
    return locked


def position_set(
    *, consultation: ConsultationPage, user: User, stance: str, reason: str = ""
) -> Position:
    """Record or change the user's position on the proposal: one row per participant,
    however many requests race (the unique constraint and a locked re-read decide)."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(user, consultation)
    rate_limit_consume(action="position", key=str(user.pk))
    profile = profile_for(user)
    values = {
        "stance": stance,
        "reason": reason.strip(),
        "author_stakeholder_group": profile.stakeholder_group,
        "author_organisation": profile.organisation,
    }
    Position(consultation=consultation, user=user, **values).full_clean(
        exclude=["consultation", "user"], validate_constraints=False
    )
    position, _created = Position.objects.update_or_create(
        consultation=consultation, user=user, defaults=values
    )
    publish.tallies_changed(consultation=consultation)
    return position


def position_withdraw(*, consultation: ConsultationPage, user: User) -> bool:
    """Take back the user's position while the consultation is open; the tallies are
    counted from the rows, so they drop at once. Returns whether there was one."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(user, consultation)
    rate_limit_consume(action="position", key=str(user.pk))
    deleted, _rows = Position.objects.filter(consultation=consultation, user=user).delete()
    if deleted:
        publish.tallies_changed(consultation=consultation)
    return bool(deleted)


_COUNTER = {value: f"{value}_count" for value in ReactionValue.values}


def reaction_set(*, comment: Comment, user: User | Viewer, value: str) -> None:
    """Agree, disagree or pass on someone else's comment; changing it moves the counters,
    and `comment`'s counters are left as they now are. `user` may be the request's viewer,
    whose checks then answer from what the reaction's read learnt."""
    if value not in _COUNTER:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")}, code="invalid")
    _reaction_change(comment=comment, user=user, value=value)


def reaction_withdraw(*, comment: Comment, user: User | Viewer) -> None:
    """Take back one's reaction to a comment (nothing happens if there was none); `comment`'s
    counters are left as they now are."""
    _reaction_change(comment=comment, user=user, value=None)


@functools.cache
def _reaction_statements() -> dict[str, str]:
    """The reaction's reads and writes, written out: as Django's querysets they cost five
    times more Python than the database spends running them, on the path of every reaction
    button. Each write applies only if the reaction still is what was read (see
    _reaction_write); the counters move only while the comment is shown."""
    comment, reaction = rows.table(Comment), rows.table(Reaction)
    mine = "comment_id = %(comment)s AND user_id = %(user)s"
    counters = ", ".join(f"{name} = {name} + %({name})s" for name in _COUNTER.values())
    row = "%(value)s, %(comment)s, %(user)s, %(consultation)s, %(now)s, %(now)s"
    return {  # Table names from the models, quoted; every value is a parameter.
        "previous": f"SELECT value FROM {reaction} WHERE {mine}",  # noqa: S608
        "insert": f"""
            INSERT INTO {reaction}
            (value, comment_id, user_id, consultation_id, created_at, updated_at)
            VALUES ({row})
            ON CONFLICT (comment_id, user_id) DO NOTHING
        """,  # noqa: S608
        "update": f"""
            UPDATE {reaction} SET value = %(value)s, updated_at = %(now)s
            WHERE {mine} AND value = %(previous)s
        """,  # noqa: S608
        "delete": f"DELETE FROM {reaction} WHERE {mine} AND value = %(previous)s",  # noqa: S608
        # The locked way (_reaction_write_locked): the row, locked, or inserted if there is
        # none. DO UPDATE locks the row it conflicts with even when its WHERE updates nothing.
        "lock": f"SELECT value FROM {reaction} WHERE {mine}{rows.for_update()}",  # noqa: S608
        "claim": f"""
            INSERT INTO {reaction}
            (value, comment_id, user_id, consultation_id, created_at, updated_at)
            VALUES ({row})
            ON CONFLICT (comment_id, user_id) DO UPDATE SET value = EXCLUDED.value WHERE FALSE
        """,  # noqa: S608
        "counters": f"""
            UPDATE {comment} SET counts_changed_at = %(now)s, {counters}
            WHERE id = %(comment)s AND state = %(state)s
            RETURNING {", ".join(_COUNTER.values())}
        """,  # noqa: S608
    }


# A person's own reaction changes under a write only when they click again meanwhile (on
# another device, or twice): a write is tried this many times before it takes a lock.
_REACTION_ATTEMPTS = 5


def _reaction_write(cursor, comment: Comment, user: User, value, believed) -> str | None:
    """Write `value` (None: delete) over the user's reaction, believed to be `believed`
    (UNKNOWN: read it); return what it was. Each write is conditional on the reaction still
    being what was believed: when another request of the same person changed it meanwhile,
    the write changes nothing, and the reaction is read again (each statement sees every
    commit before it) and the write retried. So no lock is taken before writing, and the
    counters move by exactly what the row changed. A write that keeps losing (the person
    clicking many times at once) is done under a lock instead."""
    statements = _reaction_statements()
    mine = {"comment": comment.pk, "user": user.pk}
    previous = believed
    for _attempt in range(_REACTION_ATTEMPTS):
        if previous is queries.UNKNOWN:
            cursor.execute(statements["previous"], mine)
            previous = next(iter(cursor.fetchone() or ()), None)
        if previous == value:
            return previous
        now = rows.now()
        if previous is None:
            row = {**mine, "value": value, "consultation": comment.consultation_id, "now": now}
            cursor.execute(statements["insert"], row)
        elif value is None:
            cursor.execute(statements["delete"], {**mine, "previous": previous})
        else:
            changed = {**mine, "value": value, "now": now, "previous": previous}
            cursor.execute(statements["update"], changed)
        if cursor.rowcount == 1:
            return previous
        previous = queries.UNKNOWN
    return _reaction_write_locked(cursor, comment, user, value)


def _reaction_write_locked(cursor, comment: Comment, user: User, value) -> str | None:
    """Write `value` (None: delete) over the user's reaction under its row's lock, which
    cannot lose; return what it was. The row is locked first and the comment's row after it
    (for the counters), in the order every reaction's writer takes them: locking the comment
    first deadlocks with a writer that changed the row and waits for the comment."""
    statements = _reaction_statements()
    mine = {"comment": comment.pk, "user": user.pk}
    now = rows.now()
    if value is None:
        cursor.execute(statements["lock"], mine)
        previous = next(iter(cursor.fetchone() or ()), None)
        if previous is not None:
            cursor.execute(statements["delete"], {**mine, "previous": previous})
        return previous
    row = {**mine, "value": value, "consultation": comment.consultation_id, "now": now}
    cursor.execute(statements["claim"], row)
    if cursor.rowcount == 1:
        return None
    # The row is ours until the transaction ends: this reads what it holds.
    cursor.execute(statements["previous"], mine)
    (previous,) = cursor.fetchone()
    if previous != value:
        cursor.execute(statements["update"], {**row, "previous": previous})
    return previous


def _reaction_change(*, comment: Comment, user: User | Viewer, value: str | None) -> None:
    """Set (`value`) or withdraw (None) the user's reaction to `comment`, and move the
    comment's counters in the same transaction, so they always equal the rows
    (tests/discussion/test_discussion_concurrency.py). `comment` as queries.reaction_target
    read it for `user` carries their reaction then, a first guess that saves a query.

    The counters move only while the comment is still shown: one hidden between the check
    and the write refuses the reaction, and nothing stays written. Refused or over the rate
    limit, nothing is written.
    """
    consultation = comment.consultation
    refuse_if(permissions.reaction_refusal(user, comment, consultation))
    rate_limit_consume(action="reaction", key=str(user.pk))
    believed = getattr(comment, "participant_reaction", queries.UNKNOWN)
    with transaction.atomic(), connection.cursor() as cursor:
        previous = _reaction_write(cursor, comment, user, value, believed)
        if previous == value:
            moved = None
        else:
            moved = dict.fromkeys(_COUNTER.values(), 0)
            if previous is not None:
                moved[_COUNTER[previous]] -= 1
            if value is not None:
                moved[_COUNTER[value]] += 1
            cursor.execute(
                _reaction_statements()["counters"],
                {**moved, "now": rows.now(), "comment": comment.pk, "state": CommentState.VISIBLE},
            )
            counts = cursor.fetchone()
            if counts is None:
                raise NotAllowed(str(permissions.NOT_SHOWN))
            for name, count in zip(_COUNTER.values(), counts, strict=True):
                setattr(comment, name, count)
    publish.tallies_changed(consultation=consultation, comment=comment)
    if moved:
        reaction_recorded.send(sender=Reaction, consultation_id=comment.consultation_id)


def comment_counters_rebuild(*, consultation: ConsultationPage) -> int:
    """Recount every comment's reactions from the rows; returns how many comments."""
    consultation = canonical_consultation(consultation)

    def count(value: str):
        rows = (
            Reaction.objects.filter(comment=OuterRef("pk"), value=value)
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), Value(0))

    rebuilt = Comment.objects.filter(consultation=consultation).update(
        **{field: count(value) for value, field in _COUNTER.items()}
    )
    publish.page_changed(consultation=consultation)
    return rebuilt


# The Comment field each consent purpose governs.
_CONSENT_FIELD = {
    ConsentPurpose.RESEARCH: "research_use",
    ConsentPurpose.AUTOMATED_ANALYSIS: "automated_analysis",
}


def contributions_consent_withdraw(*, user: User, purpose: str) -> int:
    """Take a use away from every comment of `user` (accounts.privacy calls this when they
    withdraw it from all their contributions). The open data and exports read the rows, so
    they honour it at once; opinion groups are recomputed without the comments."""
    field = _CONSENT_FIELD[ConsentPurpose(purpose)]
    own = Comment.objects.filter(author=user, **{field: True})
    consultation_ids = set(own.values_list("consultation_id", flat=True))
    changed = own.update(**{field: False})
    if field == "automated_analysis":
        for consultation_id in consultation_ids:
            analysis_consent_changed.send(sender=Comment, consultation_id=consultation_id)
    return changed


def contributions_anonymise_after_outcome(*, now: datetime) -> int:
    """Retention: the discussion of every consultation whose outcome was published more than
    CONSULT_RETENTION_AFTER_OUTCOME_DAYS before `now` keeps its words and its tallies, and
    loses who took part. Comments lose their author and organisation, each participant's
    choice of name or pseudonym goes (so no pseudonym links their comments either), and
    positions and reactions lose their participant: they still count, under the stakeholder
    group they were given with, so tallies and counters stay exact. Returns the rows changed."""
    cutoff = now - timedelta(days=settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS)
    due = ConsultationPage.objects.filter(outcome_published_at__lte=cutoff).values("pk")
    changed = 0
    with transaction.atomic():
        comments = Comment.objects.filter(consultation__in=due).exclude(
            author__isnull=True, author_organisation=""
        )
        consultation_ids = set(comments.values_list("consultation_id", flat=True))
        changed += comments.update(author=None, author_organisation="")
        changed += Participation.objects.filter(consultation__in=due).delete()[0]
        positions = Position.objects.filter(consultation__in=due).exclude(
            user__isnull=True, author_organisation=""
        )
        consultation_ids |= set(positions.values_list("consultation_id", flat=True))
        changed += positions.update(user=None, author_organisation="")
        changed += Reaction.objects.filter(consultation__in=due, user__isnull=False).update(
            user=None
        )
        for consultation in ConsultationPage.objects.filter(pk__in=consultation_ids):
            publish.page_changed(consultation=consultation)
    return changed


def contributions_erase_for_user(*, user: User, mode: str) -> None:
    """A leaving participant's part in every discussion (accounts.privacy calls this when an
    account is deleted). Comments are anonymised or removed as `mode` says; reactions and
    positions go with the account, and the counters they fed are recounted."""
    own = Comment.objects.filter(author=user)
    consultation_ids = set(own.values_list("consultation_id", flat=True))
    reactions = Reaction.objects.filter(user=user)
    consultation_ids |= set(reactions.values_list("consultation_id", flat=True))
    if mode == DeletionMode.ANONYMISE:
        own.update(author=None, author_organisation="")
    else:
        # Leaves first, repeatedly, so a chain of the user's own replies goes entirely.
        has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
        while own.filter(~has_replies).exists():
            own.filter(~has_replies).delete()
        kept = list(own.values_list("pk", flat=True))
        CommentRevision.objects.filter(comment__in=kept).delete()
        Comment.objects.filter(pk__in=kept).update(
            author=None,
            author_organisation="",
            body_source="",
            body_html="",
            state=CommentState.REMOVED_BY_AUTHOR,
        )
    reactions.delete()
    Position.objects.filter(user=user).delete()
    for consultation in ConsultationPage.objects.filter(pk__in=consultation_ids):
        comment_counters_rebuild(consultation=consultation)
