"""Reads of the machine theme suggestions for the staff's page: the latest run, its open
suggestions with their size by stakeholder group and most central comments, and the
comments it left "not grouped". Four queries whatever the number of comments."""

from collections import Counter
from dataclasses import dataclass

from accounts.models import StakeholderGroup
from consult.consultations.models import ConsultationPage
from consult.discussion.models import Comment
from consult.outcomes.models import (
    SuggestionRunState,
    SuggestionState,
    ThemeSuggestion,
    ThemeSuggestionRun,
)

# Comments shown for each suggestion (the most central), and outliers shown at most.
CENTRAL = 3
OUTLIERS_SHOWN = 50


@dataclass
class SuggestionView:
    suggestion: ThemeSuggestion
    size: int
    by_group: list[tuple[str, int]]
    central: list[Comment]


def latest_run(consultation: ConsultationPage) -> ThemeSuggestionRun | None:
    return ThemeSuggestionRun.objects.filter(consultation=consultation).first()


def suggestions_page(consultation: ConsultationPage) -> dict:
    run = latest_run(consultation)
    if run is None or run.state != SuggestionRunState.DONE:
        return {"run": run, "suggestions": [], "outliers": [], "outlier_count": 0}
    suggestions = list(run.suggestions.filter(state=SuggestionState.OPEN))
    member_ids = {pk for s in suggestions for pk in s.comment_ids}
    groups = dict(
        Comment.objects.filter(pk__in=member_ids).values_list("pk", "author_stakeholder_group")
    )
    shown_ids = {pk for s in suggestions for pk in s.comment_ids[:CENTRAL]}
    shown_ids |= set(run.outlier_ids[:OUTLIERS_SHOWN])
    shown = Comment.objects.filter(pk__in=shown_ids).in_bulk()
    labels = dict(StakeholderGroup.choices)
    views = []
    for suggestion in suggestions:
        present = [pk for pk in suggestion.comment_ids if pk in groups]
        counts = Counter(groups[pk] for pk in present)
        views.append(
            SuggestionView(
                suggestion=suggestion,
                size=len(present),
                by_group=[(str(labels[g]), counts[g]) for g in labels if counts.get(g)],
                central=[shown[pk] for pk in suggestion.comment_ids[:CENTRAL] if pk in shown],
            )
        )
    return {
        "run": run,
        "suggestions": views,
        "outliers": [shown[pk] for pk in run.outlier_ids[:OUTLIERS_SHOWN] if pk in shown],
        "outlier_count": len(run.outlier_ids),
    }
