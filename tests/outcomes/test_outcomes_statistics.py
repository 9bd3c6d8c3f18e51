"""Every statistic against the hand-counted consultation of conftest.seeded, and the fixed
number of queries that computes them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consult.outcomes.models import CommentTheme, Theme
from consult.outcomes.queries import statistics_for, theme_counts
from tests.outcomes.conftest import comment, make_user, noon


def rows(chart) -> dict:
    return {str(label): values for label, values in chart.rows}


def test_participants_comments_and_positions_by_group(seeded):
    stats = statistics_for(seeded.consultation)

    assert stats.heard.total == 7
    assert {s.group: s.participants for s in stats.heard.groups} == {
        "affected": 3,
        "community": 1,
        "civil_society": 0,
        "academic": 1,
        "industry": 2,
        "public_body": 0,
        "other": 0,
    }
    assert stats.heard.affected_groups == ["affected", "community"]
    assert stats.heard.affected_participants == 4
    assert round(stats.heard.affected_share) == 57
    assert rows(stats.participants)["Affected person (affected)"] == [3]
    assert rows(stats.participants)["Industry"] == [2]
    # Hidden comments are not counted.
    assert rows(stats.comments) == {
        "Affected person (affected)": [3],
        "Community group (affected)": [0],
        "Civil-society organisation": [0],
        "Academic or researcher": [0],
        "Industry": [1],
        "Public body": [0],
        "Other": [0],
    }
    assert stats.positions.series == ["Support", "Oppose", "Unsure"]
    positions = rows(stats.positions)
    assert positions["Affected person (affected)"] == [1, 2, 0]
    assert positions["Industry"] == [1, 0, 1]
    assert positions["Academic or researcher"] == [0, 0, 0]


def test_questionnaire_results_per_question(seeded):
    results = statistics_for(seeded.consultation).questions

    scale, single, multiple, text = results
    assert single.answered == 2
    assert rows(single.chart) == {"Yes": [1], "No": [0], "Not sure": [1]}
    assert multiple.answered == 2
    assert rows(multiple.chart) == {"Audits": [1], "Deletion": [2], "Notice": [0]}
    assert scale.answered == 2
    assert rows(scale.chart) == {
        "1: Not at all": [0],
        "2": [1],
        "3": [0],
        "4": [0],
        "5: Fully": [1],
    }
    assert text.answered == 1
    assert text.chart is None


def test_participation_over_time(seeded):
    chart = statistics_for(seeded.consultation).over_time

    assert chart.series == ["Comments", "Positions", "Reactions", "Questionnaires"]
    day = lambda n: timezone.localdate(noon(n))  # noqa: E731
    assert chart.rows == [
        (day(3), [2, 0, 0, 0]),
        (day(2), [2, 5, 0, 0]),
        (day(1), [0, 0, 2, 2]),
    ]


def test_theme_counts_by_group_count_visible_comments_only(seeded):
    theme = Theme.objects.create(consultation=seeded.consultation, name="Human review")
    for key in ("a1-first", "a2", "i1", "c1-hidden"):
        CommentTheme.objects.create(theme=theme, comment=seeded.comments[key])

    assert theme_counts(seeded.consultation) == {theme.pk: {"affected": 2, "industry": 1}}


def test_statistics_cost_the_same_queries_whatever_the_size(seeded):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            statistics_for(seeded.consultation)
        return len(captured)

    queries()  # warms Wagtail's site cache
    before = queries()
    for n in range(12):
        user = make_user(f"more{n}@example.org", group="other")
        comment(seeded.consultation, user, days_ago=n % 5)
    assert queries() == before
    assert before <= 12
