"""The impact level I-IV, at and around every boundary of the method."""

from fractions import Fraction
from functools import cache

import pytest

from consult.consultations import impact
from consult.consultations.impact import ImpactLevel, assess, level_for_share


def answers_scoring(raw: int, mitigation: int) -> dict[str, str]:
    """Answers whose raw-impact points add up to `raw` and mitigation points to `mitigation`."""
    answers = {}
    for questions, target in (
        (impact.RAW_QUESTIONS, raw),
        (impact.MITIGATION_QUESTIONS, mitigation),
    ):
        choices = _reach(tuple(questions), target)
        assert choices is not None, f"no answers add up to {target}"
        answers.update({q.key: choice.value for q, choice in zip(questions, choices, strict=True)})
    return answers


@cache
def _reach(questions: tuple[impact.Question, ...], target: int):
    if not questions:
        return () if target == 0 else None
    first, rest = questions[0], questions[1:]
    for choice in first.choices:
        tail = _reach(rest, target - choice.points)
        if tail is not None:
            return (choice, *tail)
    return None


def test_questionnaire_shape():
    assert len(impact.RAW_QUESTIONS) == 10
    assert len(impact.MITIGATION_QUESTIONS) == 6
    assert impact.RAW_MAX == 40
    assert impact.MITIGATION_MAX == 12
    assert len({q.key for q in impact.QUESTIONS}) == len(impact.QUESTIONS)


@pytest.mark.parametrize(
    ("raw", "mitigation", "mitigated", "level"),
    [
        (1, 0, False, ImpactLevel.I),
        (10, 0, False, ImpactLevel.I),  # exactly 25%
        (11, 0, False, ImpactLevel.II),  # 27.5%
        (20, 0, False, ImpactLevel.II),  # exactly 50%
        (21, 0, False, ImpactLevel.III),
        (30, 0, False, ImpactLevel.III),  # exactly 75%
        (31, 0, False, ImpactLevel.IV),
        (40, 0, False, ImpactLevel.IV),
        # 9 of 12 is 75% of the mitigation maximum: below the 80% threshold, no reduction.
        (11, 9, False, ImpactLevel.II),
        # 10 of 12 is 83%: the raw score is reduced by 15%.
        (11, 10, True, ImpactLevel.I),  # 9.35 of 40
        (12, 10, True, ImpactLevel.II),  # 10.2 of 40
        (23, 12, True, ImpactLevel.II),  # 19.55 of 40
        (24, 12, True, ImpactLevel.III),  # 20.4 of 40
        (35, 12, True, ImpactLevel.III),  # 29.75 of 40
        (36, 12, True, ImpactLevel.IV),  # 30.6 of 40
        (40, 12, True, ImpactLevel.IV),  # 34 of 40
    ],
)
def test_level_from_scores(raw, mitigation, mitigated, level):
    assessment = assess(answers_scoring(raw, mitigation))
    assert assessment.raw_score == raw
    assert assessment.mitigation_score == mitigation
    assert assessment.mitigated is mitigated
    expected_score = Fraction(raw) * (Fraction(85, 100) if mitigated else 1)
    assert assessment.score == expected_score
    assert assessment.share == expected_score / 40
    assert assessment.level == level
    assert assessment.complete


@pytest.mark.parametrize(
    ("share", "level"),
    [
        (Fraction(0), ImpactLevel.I),
        (Fraction(1, 4), ImpactLevel.I),
        (Fraction(1, 4) + Fraction(1, 10**9), ImpactLevel.II),
        (Fraction(1, 2), ImpactLevel.II),
        (Fraction(1, 2) + Fraction(1, 10**9), ImpactLevel.III),
        (Fraction(3, 4), ImpactLevel.III),
        (Fraction(3, 4) + Fraction(1, 10**9), ImpactLevel.IV),
        (Fraction(1), ImpactLevel.IV),
    ],
)
def test_level_boundaries_are_inclusive(share, level):
    assert level_for_share(share) == level


def test_mitigation_threshold_is_exactly_eighty_percent(monkeypatch):
    # With 12 mitigation points no integer score sits exactly on 80%; a maximum of 10 does.
    monkeypatch.setattr(impact, "MITIGATION_MAX", 10)
    answers = answers_scoring(20, 8)
    assert assess(answers).mitigated is True
    assert assess(answers_scoring(20, 7)).mitigated is False


def test_unanswered_questions_score_nothing_and_mark_the_assessment_incomplete():
    answers = answers_scoring(20, 0)
    del answers["rights"]
    answers["scale"] = "not-a-choice"
    assessment = assess(answers)
    assert not assessment.complete
    assert assessment.raw_score < 20


def test_displayed_score_and_percentage_are_rounded_half_up():
    assessment = assess(answers_scoring(11, 10))  # 9.35 of 40, 23.375%
    assert str(assessment.score_display) == "9.4"
    assert str(assessment.percent_display) == "23.4"
