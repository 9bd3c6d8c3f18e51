"""Reads shared by moderation's pages, notices and reports."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from consult.core.rows import any_of, table
from consult.discussion.models import Comment, CommentState
from consult.discussion.queries import author_label
from consult.discussion.queries.comment_views import ModerationNote
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    Flag,
    FlagOutcome,
    ModerationDecision,
)
from consult.moderation.reasons import rule_texts, rule_title, screen_check_label

# --- What the discussion's pages show of moderation -------------------------------------------


def comment_notes(held_or_hidden: dict[int, str]) -> dict[int, ModerationNote]:
    """Why each of these held or hidden comments (id: state) is so: the latest decision that
    made it, named by its rule (registered with the discussion's pages)."""
    rules = rule_texts()
    decisions = (
        ModerationDecision.objects.filter(
            comment_id__in=held_or_hidden, action__in=(Action.HOLD, Action.HIDE)
        )
        .order_by("created_at", "pk")
        .only(
            "pk",
            "comment_id",
            "action",
            "rule_code",
            "automated",
            "screen_check",
            "screen_version",
        )
    )
    notes = {}
    for decision in decisions:
        wanted = Action.HOLD if held_or_hidden[decision.comment_id] == "held" else Action.HIDE
        if decision.action == wanted:  # the latest one wins
            notes[decision.comment_id] = ModerationNote(
                decision_id=decision.pk,
                rule_code=decision.rule_code,
                rule_title=rule_title(decision.rule_code, rules),
                automated=decision.automated,
                screen_check=decision.screen_check,
                screen_version=decision.screen_version,
                check_label=screen_check_label(decision.screen_check),
            )
    return notes


def reports_sql() -> str:
    """The comments of the named parameter `comments` that the reader `reader` reported
    (registered with the discussion's pages, which mark them): written out, as the
    discussion's read of the reader's marks is (consult.discussion.queries.viewer)."""
    # The table name from the model, quoted; every value is a parameter.
    return (
        f"SELECT comment_id FROM {table(Flag)}"  # noqa: S608
        f" WHERE flagger_id = %(reader)s AND {any_of('comment_id', 'comments')}"
    )


# --- The moderators' queue ------------------------------------------------------------------

QUEUE_PAGE_SIZE = 25
AGES = {
    "day": (None, timedelta(days=1)),
    "week": (timedelta(days=1), timedelta(days=7)),
    "older": (timedelta(days=7), None),
}


@dataclass
class QueueItem:
    """A held, reported or hidden comment, with what the moderator needs to decide."""

    comment: Comment
    author_label: str
    # The latest hold, for a held comment: its rule, check and version.
    hold: ModerationDecision | None
    flags: list[Flag]
    parent: Comment | None
    siblings: list[Comment]
    own: bool
    hold_rule: str = ""
    parent_label: str = ""
    ticked: bool = False

    @property
    def suggested_rule(self) -> str:
        """The rule a one-click decision cites unless the moderator picks another: the first
        report's, else the hold's (none for a pre-moderation hold)."""
        if self.flags:
            return self.flags[0].rule_code
        return self.hold.rule_code if self.hold else ""


@dataclass
class QueuePage:
    items: list[QueueItem]
    total: int
    page_number: int
    page_count: int
    appeals_waiting: int

    @property
    def page_numbers(self) -> range:
        return range(1, self.page_count + 1)


def awaiting_review() -> QuerySet:
    """The comments the queue asks a moderator to decide on: held ones, and visible ones
    with a report not yet answered."""
    pending = Flag.objects.filter(comment=OuterRef("pk"), outcome=FlagOutcome.PENDING)
    return Comment.objects.filter(
        Q(state=CommentState.HELD) | Q(Exists(pending), state=CommentState.VISIBLE)
    )


def queue_sizes() -> dict[str, int]:
    """For the metrics: how many comments wait for a moderator."""
    return {"awaiting_review": awaiting_review().count()}


def _queue_rows(
    *, readable: QuerySet, status: str, consultation=None, rule=None, automated=None, age=None
):
    pending = Flag.objects.filter(comment=OuterRef("pk"), outcome=FlagOutcome.PENDING)
    holds = ModerationDecision.objects.filter(comment=OuterRef("pk"), action=Action.HOLD).order_by(
        "-created_at", "-pk"
    )
    if status == "hidden":
        rows = Comment.objects.filter(state=CommentState.HIDDEN)
    else:
        rows = awaiting_review()
    rows = rows.filter(consultation__in=readable.values("pk")).annotate(
        hold_id=Subquery(holds.values("pk")[:1])
    )
    if consultation:
        rows = rows.filter(consultation_id=consultation)
    if rule:
        rows = rows.filter(
            Q(state=CommentState.HELD, hold_id__in=holds.filter(rule_code=rule).values("pk"))
            | Exists(pending.filter(rule_code=rule))
            | Q(state=CommentState.HIDDEN, decisions__action=Action.HIDE, decisions__rule_code=rule)
        ).distinct()
    if automated is not None:
        automated_hold = Q(
            state=CommentState.HELD,
            hold_id__in=ModerationDecision.objects.filter(automated=True).values("pk"),
        )
        rows = rows.filter(automated_hold if automated else ~automated_hold)
    if age in AGES:
        now = timezone.now()
        newer, older = AGES[age]
        if newer:
            rows = rows.filter(created_at__lte=now - newer)
        if older:
            rows = rows.filter(created_at__gt=now - older)
    return rows


def waiting_count(readable: QuerySet) -> int:
    """How many comments of the `readable` consultations wait for a moderator's decision."""
    return _queue_rows(readable=readable, status="pending").count()


def queue_page(
    *,
    moderator,
    readable: QuerySet,
    status="pending",
    consultation=None,
    rule=None,
    automated=None,
    age=None,
    page=1,
) -> QueuePage:
    """One page of the queue, oldest first, in a fixed number of queries: the count, the
    page, the holds, the reports, the thread context and the appeals waiting. Only
    comments of the `readable` consultations (the read gate's, for the moderator)."""
    rows = _queue_rows(
        readable=readable,
        status=status,
        consultation=consultation,
        rule=rule,
        automated=automated,
        age=age,
    )
    total = rows.count()
    page_count = max(1, -(-total // QUEUE_PAGE_SIZE))
    number = min(max(page, 1), page_count)
    start = (number - 1) * QUEUE_PAGE_SIZE
    comments = list(
        rows.select_related("author__profile", "consultation").order_by("created_at", "pk")[
            start : start + QUEUE_PAGE_SIZE
        ]
    )
    holds = ModerationDecision.objects.in_bulk([c.hold_id for c in comments if c.hold_id])
    rules = rule_texts()
    flags: dict[int, list[Flag]] = {}
    pending = Flag.objects.filter(comment__in=comments, outcome=FlagOutcome.PENDING)
    for flag in pending.order_by("created_at"):
        flag.rule_title = rule_title(flag.rule_code, rules)
        flags.setdefault(flag.comment_id, []).append(flag)
    context = _thread_context(comments)
    items = [
        QueueItem(
            comment=comment,
            author_label=public_author_label(comment),
            hold=holds.get(comment.hold_id) if comment.state == CommentState.HELD else None,
            flags=flags.get(comment.pk, []),
            parent=context.get(comment.parent_id),
            siblings=[
                other
                for other in context.values()
                if other.pk != comment.pk and (other.parent_id == (comment.parent_id or comment.pk))
            ][:CONTEXT_SIBLINGS],
            own=comment.author_id == moderator.pk,
            hold_rule=rule_title(holds[comment.hold_id].rule_code, rules)
            if comment.hold_id in holds
            else "",
            parent_label=public_author_label(context[comment.parent_id])
            if comment.parent_id in context
            else "",
        )
        for comment in comments
    ]
    return QueuePage(
        items=items,
        total=total,
        page_number=number,
        page_count=page_count,
        appeals_waiting=appeals_to_review(moderator, readable).count(),
    )


CONTEXT_SIBLINGS = 5


def _thread_context(comments: list[Comment]) -> dict[int, Comment]:
    """Each item's parent, and the other replies to the same parent (or, for a top-level
    item, its replies), in one query."""
    parents = {c.parent_id for c in comments if c.parent_id}
    tops = {c.pk for c in comments if not c.parent_id}
    if not parents and not tops:
        return {}
    rows = (
        Comment.objects.filter(Q(pk__in=parents) | Q(parent_id__in=parents | tops))
        .select_related("author__profile")
        .order_by("created_at", "pk")
    )
    return {row.pk: row for row in rows}


def queue_consultations(readable: QuerySet) -> list[tuple[int, str]]:
    """The consultations to filter the queue by (their default-language pages), of the
    `readable` ones."""
    return list(
        readable.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("-opens_at")
        .values_list("pk", "title")
    )


def appeals_to_review(moderator, readable: QuerySet) -> QuerySet:
    """Pending appeals this moderator may decide: never of their own decisions or appeals,
    nor of a consultation outside the `readable` ones."""
    return (
        Appeal.objects.filter(outcome=AppealOutcome.PENDING)
        .filter(decision__consultation__in=readable.values("pk"))
        .exclude(decision__moderator=moderator)
        .exclude(appellant=moderator)
    )


def reports_context(user, *, shown: int) -> dict:
    """The notifications page's list of the comments `user` reported, newest first, each with
    its rule's title."""
    reports = list(
        Flag.objects.filter(flagger=user)
        .select_related("decision")
        .order_by("-created_at", "-pk")[:shown]
    )
    rules = rule_texts()
    for report in reports:
        report.rule_title = rules[report.rule_code].title if report.rule_code in rules else ""
    return {"reports": reports}


def public_author_label(comment: Comment) -> str:
    """How the public page names the author (the name or pseudonym they chose); never more."""
    return author_label(comment, reveal=False)[0]
