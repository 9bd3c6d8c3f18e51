"""Reads of the outcomes: a consultation's statistics, who was heard, themes and their
comments, and the published summary's context.

Every number is an aggregate computed by the database (GROUP BY and conditional counts),
never a loop over rows in Python, and each read is a fixed number of queries whatever the
size of the consultation: the statistics of a page cost `STATISTICS_QUERIES` queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import BooleanField, Count, F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, StakeholderGroup
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.consultations.status import ConsultationStatus, status_q
from consult.core.rows import table
from consult.core.viewer import Viewer, as_viewer
from consult.discussion.models import Comment, CommentState, Position, Reaction, Stance
from consult.outcomes.charts import Chart
from consult.outcomes.models import (
    CitationContest,
    CommentTheme,
    Follow,
    OutcomeSettings,
    SummaryPage,
    Theme,
    theme_anchor,
)
from consult.questionnaires.models import Response, ResponseState
from consult.questionnaires.questions import (
    LONG_TEXT,
    MULTIPLE_CHOICE,
    SCALE,
    SCALE_POINTS,
    Question,
    questions_for,
)

GROUPS = list(StakeholderGroup)
# participants, comments, positions, questionnaire, and four for participation over time.
STATISTICS_QUERIES = 8


# --- who took part ----------------------------------------------------------------------
def participant_ids(consultation: ConsultationPage) -> Q:
    """Accounts that took part: commented, gave a position, reacted or submitted answers."""
    return (
        Q(user_id__in=Comment.objects.filter(consultation=consultation).values("author_id"))
        | Q(user_id__in=Position.objects.filter(consultation=consultation).values("user_id"))
        | Q(user_id__in=Reaction.objects.filter(consultation=consultation).values("user_id"))
        | Q(
            user_id__in=Response.objects.filter(
                consultation=consultation, state=ResponseState.SUBMITTED
            ).values("user_id")
        )
    )


def participants_by_group(consultation: ConsultationPage) -> dict[str, int]:
    """Participants counted by the stakeholder group their profile names now (reactions
    record no group of their own; every participant has a profile)."""
    rows = (
        Profile.objects.filter(participant_ids(consultation))
        .values("stakeholder_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["stakeholder_group"]: row["n"] for row in rows}


def comments_by_group(consultation: ConsultationPage) -> dict[str, int]:
    """Visible comments and replies, by the group their author named when posting."""
    rows = (
        Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
        .values("author_stakeholder_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["author_stakeholder_group"]: row["n"] for row in rows}


def positions_by_group(consultation: ConsultationPage) -> dict[str, dict[str, int]]:
    rows = (
        Position.objects.filter(consultation=consultation)
        .values("author_stakeholder_group", "stance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        table[row["author_stakeholder_group"]][row["stance"]] = row["n"]
    return table


@dataclass
class GroupShare:
    group: str
    label: str
    participants: int
    affected: bool


@dataclass
class WhoWasHeard:
    groups: list[GroupShare]
    total: int
    affected_groups: list[str]
    affected_participants: int
    minimum_share: int  # percent

    @property
    def affected_share(self) -> float | None:
        """The share (0-100) of participants in the affected groups; None if nobody yet."""
        return 100 * self.affected_participants / self.total if self.total else None

    @property
    def under_represented(self) -> bool:
        share = self.affected_share
        return bool(self.affected_groups) and (share is None or share < self.minimum_share)


def who_was_heard(
    consultation: ConsultationPage, *, counts: dict[str, int] | None = None
) -> WhoWasHeard:
    """Participation by stakeholder group against the groups the AI system card names as
    affected, and the share the site's settings ask of them."""
    consultation = canonical_consultation(consultation)
    counts = participants_by_group(consultation) if counts is None else counts
    system = consultation.ai_system
    affected = list(system.affected_groups) if system else []
    site = consultation.get_site()
    minimum = OutcomeSettings.for_site(site).affected_share_minimum if site else 20
    groups = [
        GroupShare(g.value, str(g.label), counts.get(g.value, 0), g.value in affected)
        for g in GROUPS
    ]
    return WhoWasHeard(
        groups=groups,
        total=sum(counts.values()),
        affected_groups=affected,
        affected_participants=sum(counts.get(group, 0) for group in affected),
        minimum_share=minimum,
    )


# --- the questionnaire ------------------------------------------------------------------
class _ArrayHolds(Func):
    """answers[question] (a JSON list of choice indexes) holds `index`: one boolean per row,
    so every choice of every question is one conditional count in a single aggregate."""

    output_field = BooleanField()

    def __init__(self, question_id: str, index: int):
        super().__init__(F("answers"))
        self.question_id, self.index = question_id, index

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: jsonb containment
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql} -> %s) @> %s::jsonb)", [*params, self.question_id, str(self.index)]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        path = f'$."{self.question_id}"'
        return (
            # `sql` is the compiled column reference; the values are parameters.
            f"EXISTS (SELECT 1 FROM json_each({sql}, %s) WHERE json_each.value = %s)",  # noqa: S608
            [*params, path, self.index],
        )


@dataclass
class QuestionResult:
    question: Question
    answered: int
    chart: Chart | None = None


def _options(question: Question) -> list[tuple[int, str]]:
    if question.kind == SCALE:
        labels = {1: question.low_label, 5: question.high_label}
        return [
            (point, f"{point}: {labels[point]}" if labels.get(point) else str(point))
            for point in SCALE_POINTS
        ]
    return list(enumerate(question.choices))


def questionnaire_results(page: ConsultationPage) -> list[QuestionResult]:
    """Per question of the consultation (worded from `page`), how many submitted responses
    answered it and how many chose each option: one query for the whole questionnaire."""
    canonical = canonical_consultation(page)
    questions = questions_for(canonical, page)
    if not questions:
        return []
    aggregates = {}
    for q_number, question in enumerate(questions):
        aggregates[f"q{q_number}"] = Count("pk", filter=Q(answers__has_key=question.id))
        if question.kind == LONG_TEXT:
            continue
        for index, _label in _options(question):
            if question.kind == MULTIPLE_CHOICE:
                chosen = Q(_ArrayHolds(question.id, index))
            else:
                chosen = Q(**{f"answers__{question.id}": index})
            aggregates[f"q{q_number}_{index}"] = Count("pk", filter=chosen)
    totals = Response.objects.filter(
        consultation=canonical, state=ResponseState.SUBMITTED
    ).aggregate(**aggregates)
    results = []
    for q_number, question in enumerate(questions):
        result = QuestionResult(question=question, answered=totals[f"q{q_number}"])
        if question.kind != LONG_TEXT:
            result.chart = Chart(
                id=f"question-{q_number + 1}",
                title=question.prompt,
                label_heading=_("Answer"),
                series=[_("Responses")],
                rows=[
                    (label, [totals[f"q{q_number}_{index}"]]) for index, label in _options(question)
                ],
            )
        results.append(result)
    return results


# --- participation over time ------------------------------------------------------------
def _per_day(queryset: QuerySet, field_name: str) -> dict[date, int]:
    rows = (
        queryset.annotate(day=TruncDate(field_name, tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def participation_over_time(consultation: ConsultationPage) -> Chart:
    """Contributions per day, by kind: visible comments, positions, reactions and submitted
    questionnaires."""
    kinds = [
        (
            _("Comments"),
            _per_day(
                Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE),
                "created_at",
            ),
        ),
        (
            _("Positions"),
            _per_day(Position.objects.filter(consultation=consultation), "created_at"),
        ),
        (
            _("Reactions"),
            _per_day(Reaction.objects.filter(consultation=consultation), "created_at"),
        ),
        (
            _("Questionnaires"),
            _per_day(
                Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED),
                "submitted_at",
            ),
        ),
    ]
    days = sorted({day for _name, counts in kinds for day in counts})
    return Chart(
        id="over-time",
        title=_("Contributions per day"),
        label_heading=_("Day"),
        series=[name for name, _counts in kinds],
        rows=[(day, [counts.get(day, 0) for _name, counts in kinds]) for day in days],
        columns=True,
    )


# --- everything the statistics section shows --------------------------------------------
@dataclass
class Statistics:
    heard: WhoWasHeard
    participants: Chart
    comments: Chart
    positions: Chart
    over_time: Chart
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def charts(self) -> list[Chart]:
        return [self.participants, self.comments, self.positions, self.over_time]


def _group_label(share: GroupShare) -> str:
    return (
        str(_("%(group)s (affected)") % {"group": share.label}) if share.affected else share.label
    )


def statistics_for(page: ConsultationPage) -> Statistics:
    """The statistics of a consultation (any language version): `STATISTICS_QUERIES` queries."""
    consultation = canonical_consultation(page)
    heard = who_was_heard(consultation, counts=participants_by_group(consultation))
    comments = comments_by_group(consultation)
    positions = positions_by_group(consultation)
    labels = [_group_label(share) for share in heard.groups]
    stances = list(Stance)
    return Statistics(
        heard=heard,
        participants=Chart(
            id="participants",
            title=_("Participants by stakeholder group"),
            label_heading=_("Stakeholder group"),
            series=[_("Participants")],
            rows=[(label, [s.participants]) for label, s in zip(labels, heard.groups, strict=True)],
        ),
        comments=Chart(
            id="comments",
            title=_("Comments by stakeholder group"),
            label_heading=_("Stakeholder group"),
            series=[_("Comments")],
            rows=[
                (label, [comments.get(g.value, 0)]) for label, g in zip(labels, GROUPS, strict=True)
            ],
        ),
        positions=Chart(
            id="positions",
            title=_("Positions by stakeholder group"),
            label_heading=_("Stakeholder group"),
            series=[stance.label for stance in stances],
            rows=[
                (label, [positions.get(g.value, {}).get(stance.value, 0) for stance in stances])
                for label, g in zip(labels, GROUPS, strict=True)
            ],
        ),
        over_time=participation_over_time(consultation),
        questions=questionnaire_results(page),
    )


# --- themes -----------------------------------------------------------------------------
def theme_counts(consultation: ConsultationPage) -> dict[int, dict[str, int]]:
    """Visible comments per theme and author's stakeholder group: theme id -> group -> n."""
    rows = (
        CommentTheme.objects.filter(
            theme__consultation=consultation, comment__state=CommentState.VISIBLE
        )
        .values("theme_id", "comment__author_stakeholder_group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["theme_id"]][row["comment__author_stakeholder_group"]] = row["n"]
    return counts


def themes_of(consultation: ConsultationPage) -> QuerySet[Theme]:
    return Theme.objects.filter(consultation=canonical_consultation(consultation))


@dataclass
class LinkedComment:
    pk: int
    excerpt: str
    group_label: str


@dataclass
class AnsweredTheme:
    theme_id: int
    title: str
    response: str
    comments: list[LinkedComment]
    by_group: list[tuple[str, int]]
    # Began as a machine suggestion, which a person accepted: the summary says so.
    machine_drafted: bool = False
    # Authors of cited comments who said the theme misrepresents their view.
    contested: int = 0

    @property
    def anchor(self) -> str:
        return theme_anchor(self.theme_id)

    @property
    def total(self) -> int:
        return len(self.comments)


def _excerpt(comment: Comment) -> str:
    return Truncator(strip_tags(comment.body_html)).words(30)


def contested_counts(theme_ids: list[int]) -> dict[int, int]:
    """Contested citations per theme: one query."""
    rows = (
        CitationContest.objects.filter(theme_id__in=theme_ids)
        .values("theme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["theme_id"]: row["n"] for row in rows}


def answered_themes(summary: SummaryPage, consultation: ConsultationPage) -> list[AnsweredTheme]:
    """The summary's themes in its order, each with the visible comments it answers and how
    many of their authors contest it: four queries whatever the number of themes and
    comments."""
    responses = list(summary.theme_responses.select_related("theme").order_by("sort_order"))
    linked: dict[int, list[LinkedComment]] = defaultdict(list)
    taggings = (
        CommentTheme.objects.filter(
            theme_id__in=[r.theme_id for r in responses], comment__state=CommentState.VISIBLE
        )
        .select_related("comment")
        .order_by("comment__created_at", "comment_id")
    )
    group_labels = dict(StakeholderGroup.choices)
    for tagging in taggings:
        comment = tagging.comment
        linked[tagging.theme_id].append(
            LinkedComment(
                pk=comment.pk,
                excerpt=_excerpt(comment),
                group_label=str(group_labels.get(comment.author_stakeholder_group, "")),
            )
        )
    counts = theme_counts(consultation)
    contested = contested_counts([r.theme_id for r in responses])
    return [
        AnsweredTheme(
            theme_id=response.theme_id,
            title=response.title,
            response=response.response,
            comments=linked[response.theme_id],
            by_group=[
                (str(g.label), counts[response.theme_id][g.value])
                for g in GROUPS
                if counts[response.theme_id].get(g.value)
            ],
            machine_drafted=response.theme.machine_suggested,
            contested=contested.get(response.theme_id, 0),
        )
        for response in responses
    ]


def summary_context(summary: SummaryPage) -> dict:
    consultation = summary.get_parent().specific
    canonical = canonical_consultation(consultation)
    return {
        "consultation": consultation,
        "themes": answered_themes(summary, canonical),
        "statistics": statistics_for(consultation),
    }


def published_summary_of(consultation: ConsultationPage) -> SummaryPage | None:
    """The summary the public may read: published, and under no view restriction."""
    return SummaryPage.objects.child_of(consultation).live().public().first()


def following_key(consultation: ConsultationPage) -> tuple:
    """The viewer's fact is_following keeps for `consultation`."""
    return ("following", consultation.pk)


def following_sql() -> str:
    """Whether the reader follows the consultation, as an SQL truth value over the reader's
    row `u` and the named parameter `consultation`: read with the discussion's query of the
    page's reader (registered as a ReaderFact)."""
    # The table name from the model, quoted; every value is a parameter.
    return (
        f"EXISTS(SELECT 1 FROM {table(Follow)} f"  # noqa: S608
        " WHERE f.consultation_id = %(consultation)s AND f.user_id = u.id)"
    )


def remember_following(viewer: Viewer, consultation: ConsultationPage, following) -> None:
    """Give `viewer` what following_sql() read, which is_following then answers from."""
    viewer.remember(following_key(consultation), bool(following))


def is_following(user, consultation: ConsultationPage) -> bool:
    """Whether the signed-in `user` follows `consultation` (the canonical page)."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact(
        following_key(consultation),
        lambda: Follow.objects.filter(consultation=consultation, user_id=viewer.pk).exists(),
    )


def summaries_due(pages: QuerySet, *, now) -> list[ConsultationPage]:
    """Of `pages`, the live consultations that have closed and whose outcome is not
    published, longest closed first, each with `summary_id`: its summary's draft, if any."""
    summaries = SummaryPage.objects.filter(
        path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1
    )
    return list(
        pages.live()
        .filter(status_q(ConsultationStatus.CLOSED, now=now))
        .annotate(summary_id=Subquery(summaries.values("pk")[:1]))
        .order_by("closes_at", "pk")
    )
