"""The public record of moderation: the transparency report's numbers, the paginated log of
decisions, one decision's statement of reasons, and a campaign's comments.

Nothing here names a person: not the author, the flagger, the moderator or the appellant.
Every number is computed by the database in a fixed number of queries, whatever the size of
the log. The report counts every decision; decisions on consultations the public cannot see
are counted, but the log does not say which consultation they were on.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from consult.consultations.access import readable_consultations
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.discussion.models import Comment, CommentState
from consult.moderation.models import (
    Action,
    Appeal,
    AppealOutcome,
    ModerationDecision,
    Trigger,
)
from consult.moderation.reasons import Statement, rule_texts, statement_for

DECISIONS_PER_PAGE = 50
CAMPAIGN_COMMENTS_PER_PAGE = 50
# The rule "code" of a pre-moderation hold, which cites none.
NO_RULE = ""


class Decider:
    AUTOMATED = "automated"
    PREMODERATION = "premoderation"
    HUMAN = "human"

    LABELS = {
        AUTOMATED: _("Automated pre-screen (holds only)"),
        PREMODERATION: _("Pre-moderation (every comment held for a person)"),
        HUMAN: _("Moderators"),
    }


@dataclass
class Bar:
    key: str
    label: str
    count: int
    # Share of the largest bar in its chart, 0 to 100, for the SVG's width.
    percent: float = 0.0


@dataclass
class Report:
    consultation: ConsultationPage | None
    total: int
    by_action: list[Bar]
    by_rule: list[Bar]
    by_decider: list[Bar]
    holds: int
    holds_approved: int
    holds_hidden: int
    holds_pending: int
    automated_holds: int
    automated_holds_approved: int
    automated_holds_hidden: int
    appeals_filed: int
    appeals_pending: int
    appeals_upheld: int
    appeals_reversed: int
    median_time_to_decision: timedelta | None
    campaigns: int
    campaign_comments: int
    rule_action: list[dict] = field(default_factory=list)

    @property
    def held_then_approved_rate(self) -> float | None:
        """Of the holds a moderator has decided, the share they approved."""
        decided = self.holds_approved + self.holds_hidden
        return self.holds_approved / decided if decided else None

    @property
    def automated_held_then_approved_rate(self) -> float | None:
        decided = self.automated_holds_approved + self.automated_holds_hidden
        return self.automated_holds_approved / decided if decided else None

    @property
    def median_seconds(self) -> int | None:
        if self.median_time_to_decision is None:
            return None
        return round(self.median_time_to_decision.total_seconds())


def consultation_by_slug(slug: str) -> ConsultationPage | None:
    """The canonical consultation whose page (in any language) has `slug`, if public."""
    page = readable_consultations().filter(slug=slug).select_related("locale").first()
    return canonical_consultation(page) if page else None


def _bars(counts: dict[str, int], labels: list[tuple[str, str]]) -> list[Bar]:
    bars = [Bar(key=key, label=str(label), count=counts.get(key, 0)) for key, label in labels]
    top = max((bar.count for bar in bars), default=0)
    for bar in bars:
        bar.percent = round(100 * bar.count / top, 1) if top else 0.0
    return bars


def _holds_with_outcome(decisions: QuerySet) -> QuerySet:
    """Holds, each with the first approval or hiding of its comment after it."""
    next_decision = ModerationDecision.objects.filter(
        comment=OuterRef("comment"),
        action__in=(Action.APPROVE, Action.HIDE),
        pk__gt=OuterRef("pk"),
    ).order_by("pk")
    return decisions.filter(action=Action.HOLD).annotate(
        outcome=Subquery(next_decision.values("action")[:1]),
        decided_at=Subquery(next_decision.values("created_at")[:1]),
    )


def _median_wait(holds: QuerySet, decided: int) -> timedelta | None:
    """The median time from hold to decision, read from the middle of the sorted waits (one
    query, one or two rows) rather than by loading every wait."""
    if not decided:
        return None
    waits = (
        holds.filter(decided_at__isnull=False)
        .annotate(
            waited=ExpressionWrapper(
                F("decided_at") - F("created_at"), output_field=DurationField()
            )
        )
        .order_by("waited", "pk")
        .values_list("waited", flat=True)
    )
    middle = list(waits[(decided - 1) // 2 : decided // 2 + 1])
    return sum(middle, timedelta()) / len(middle)


def report_for(consultation: ConsultationPage | None = None) -> Report:
    """The transparency report, site-wide or for one (canonical) consultation."""
    decisions = ModerationDecision.objects.all()
    appeals = Appeal.objects.all()
    comments = Comment.objects.filter(campaign__isnull=False)
    if consultation is not None:
        decisions = decisions.filter(consultation=consultation)
        appeals = appeals.filter(decision__consultation=consultation)
        comments = comments.filter(consultation=consultation)
    by_action = dict(
        decisions.order_by()
        .values_list("action")
        .annotate(n=Count("pk"))
        .values_list("action", "n")
    )
    rule_action_rows = (
        decisions.order_by()
        .values_list("rule_code", "action")
        .annotate(n=Count("pk"))
        .values_list("rule_code", "action", "n")
    )
    by_rule: dict[str, int] = {}
    rule_action: dict[str, dict[str, int]] = {}
    for rule_code, action, n in rule_action_rows:
        by_rule[rule_code] = by_rule.get(rule_code, 0) + n
        rule_action.setdefault(rule_code, {})[action] = n
    deciders = decisions.aggregate(
        total=Count("pk"),
        n_automated=Count("pk", filter=Q(automated=True)),
        # Held because the consultation is pre-moderated: by a setting, not a person or a check.
        n_premoderation=Count(
            "pk", filter=Q(trigger=Trigger.PREMODERATION, action=Action.HOLD, automated=False)
        ),
    )
    holds = _holds_with_outcome(decisions)
    hold_counts = holds.aggregate(
        holds=Count("pk"),
        approved=Count("pk", filter=Q(outcome=Action.APPROVE)),
        hidden=Count("pk", filter=Q(outcome=Action.HIDE)),
        n_automated=Count("pk", filter=Q(automated=True)),
        automated_approved=Count("pk", filter=Q(automated=True, outcome=Action.APPROVE)),
        automated_hidden=Count("pk", filter=Q(automated=True, outcome=Action.HIDE)),
    )
    appeal_counts = appeals.aggregate(
        filed=Count("pk"),
        n_pending=Count("pk", filter=Q(outcome=AppealOutcome.PENDING)),
        n_upheld=Count("pk", filter=Q(outcome=AppealOutcome.UPHELD)),
        n_reversed=Count("pk", filter=Q(outcome=AppealOutcome.REVERSED)),
    )
    campaign_counts = comments.aggregate(
        n_campaigns=Count("campaign", distinct=True), n_comments=Count("pk")
    )
    human = deciders["total"] - deciders["n_automated"] - deciders["n_premoderation"]
    rules = rule_texts()
    rule_labels = [(code, text.title) for code, text in rules.items()]
    if NO_RULE in by_rule:
        rule_labels.append((NO_RULE, str(_("No rule cited (pre-moderation)"))))
    decided = hold_counts["approved"] + hold_counts["hidden"]
    return Report(
        consultation=consultation,
        total=deciders["total"],
        by_action=_bars(by_action, Action.choices),
        by_rule=_bars(by_rule, rule_labels),
        by_decider=_bars(
            {
                Decider.AUTOMATED: deciders["n_automated"],
                Decider.PREMODERATION: deciders["n_premoderation"],
                Decider.HUMAN: human,
            },
            list(Decider.LABELS.items()),
        ),
        rule_action=[
            {
                "rule": code,
                "label": label,
                "counts": [rule_action.get(code, {}).get(action, 0) for action in Action.values],
                "total": by_rule.get(code, 0),
            }
            for code, label in rule_labels
        ],
        holds=hold_counts["holds"],
        holds_approved=hold_counts["approved"],
        holds_hidden=hold_counts["hidden"],
        holds_pending=hold_counts["holds"] - decided,
        automated_holds=hold_counts["n_automated"],
        automated_holds_approved=hold_counts["automated_approved"],
        automated_holds_hidden=hold_counts["automated_hidden"],
        appeals_filed=appeal_counts["filed"],
        appeals_pending=appeal_counts["n_pending"],
        appeals_upheld=appeal_counts["n_upheld"],
        appeals_reversed=appeal_counts["n_reversed"],
        median_time_to_decision=_median_wait(holds, decided),
        campaigns=campaign_counts["n_campaigns"],
        campaign_comments=campaign_counts["n_comments"],
    )


def report_data(report: Report) -> dict:
    """The report as plain data, for /transparency.json and the CSV."""
    return {
        "consultation": report.consultation.slug if report.consultation else None,
        "decisions": report.total,
        "by_action": {bar.key: bar.count for bar in report.by_action},
        "by_rule": {bar.key or "none": bar.count for bar in report.by_rule},
        "by_decider": {bar.key: bar.count for bar in report.by_decider},
        "holds": {
            "total": report.holds,
            "approved": report.holds_approved,
            "hidden": report.holds_hidden,
            "pending": report.holds_pending,
            "held_then_approved_rate": _rate(report.held_then_approved_rate),
            "automated": report.automated_holds,
            "automated_approved": report.automated_holds_approved,
            "automated_hidden": report.automated_holds_hidden,
            "automated_held_then_approved_rate": _rate(report.automated_held_then_approved_rate),
            "median_seconds_to_decision": report.median_seconds,
        },
        "appeals": {
            "filed": report.appeals_filed,
            "pending": report.appeals_pending,
            "upheld": report.appeals_upheld,
            "reversed": report.appeals_reversed,
        },
        "campaigns": {"campaigns": report.campaigns, "comments": report.campaign_comments},
    }


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- The log of decisions -----------------------------------------------------------------


@dataclass
class LogEntry:
    decision: ModerationDecision
    statement: Statement
    consultation_slug: str | None
    consultation_title: str | None


def _log_entries(decisions: list[ModerationDecision]) -> list[LogEntry]:
    rules = rule_texts()
    visible = set(
        readable_consultations()
        .filter(pk__in={decision.consultation_id for decision in decisions})
        .values_list("pk", flat=True)
    )
    entries = []
    for decision in decisions:
        shown = decision.consultation_id in visible
        entries.append(
            LogEntry(
                decision=decision,
                statement=statement_for(decision, rules=rules),
                consultation_slug=decision.consultation.slug if shown else None,
                consultation_title=decision.consultation.title if shown else None,
            )
        )
    return entries


def decisions_page(
    *, page_number: int, consultation: ConsultationPage | None = None
) -> tuple[list[LogEntry], int, int]:
    """(entries, count, page count) of the public log, newest first."""
    decisions = ModerationDecision.objects.all()
    if consultation is not None:
        decisions = decisions.filter(consultation=consultation)
    count = decisions.count()
    pages = max(1, -(-count // DECISIONS_PER_PAGE))
    number = min(max(page_number, 1), pages)
    offset = (number - 1) * DECISIONS_PER_PAGE
    rows = list(
        decisions.select_related("appeal", "consultation")
        .defer("moderator", "subject")
        .order_by("-created_at", "-pk")[offset : offset + DECISIONS_PER_PAGE]
    )
    return _log_entries(rows), count, pages


def log_entry_data(entry: LogEntry) -> dict:
    """One decision in the public log: no person's name, pseudonym, email or id."""
    statement = entry.statement
    return {
        "id": statement.decision_id,
        "consultation": (
            {"slug": entry.consultation_slug, "title": entry.consultation_title}
            if entry.consultation_slug
            else None
        ),
        "comment": statement.comment_id,
        "action": statement.action,
        "rule": statement.rule.code or None,
        "rule_title": statement.rule.title or None,
        "trigger": statement.trigger,
        "automated": statement.automated,
        "human_decided": statement.human_decided,
        "screen_check": statement.screen_check or None,
        "screen_version": statement.screen_version,
        "decided_at": statement.decided_at.isoformat(),
        "public_note": statement.public_note,
        "appeal": statement.appeal_status,
    }


def decision_entry(decision_id: int) -> LogEntry | None:
    decision = (
        ModerationDecision.objects.select_related("appeal", "consultation")
        .filter(pk=decision_id)
        .first()
    )
    return _log_entries([decision])[0] if decision else None


# --- Campaigns ------------------------------------------------------------------------------


def campaign_page(campaign_id: int, *, page_number: int):
    """(comments of the page, count, page number, page count) of a campaign's visible
    comments; None when the public may read none."""
    comments = Comment.objects.filter(
        campaign_id=campaign_id,
        state=CommentState.VISIBLE,
        consultation__in=readable_consultations().values("pk"),
    )
    count = comments.count()
    if not count:
        return None
    pages = max(1, -(-count // CAMPAIGN_COMMENTS_PER_PAGE))
    number = min(max(page_number, 1), pages)
    offset = (number - 1) * CAMPAIGN_COMMENTS_PER_PAGE
    rows = list(
        comments.select_related("author__profile", "consultation").order_by("pk")[
            offset : offset + CAMPAIGN_COMMENTS_PER_PAGE
        ]
    )
    return rows, count, number, pages
