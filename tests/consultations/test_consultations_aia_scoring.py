"""The official AIA's scores, worked out by hand (aia_files/README.md), for files we wrote in
the format the official tool saves: every level boundary, and the mitigation deduction's."""

import pytest
from django.core.exceptions import ValidationError

from consult.consultations.aia import facts, results_file, survey
from consult.consultations.impact import ImpactLevel
from tests.consultations.aia_helpers import (
    ANOTHER_RAW_POINT,
    ONE_MITIGATION_POINT,
    ONE_RAW_POINT,
    upload,
)
from tests.consultations.aia_helpers import results_file as file_content

I, II, III, IV = ImpactLevel  # noqa: E741


def score(name: str, **extra):
    return survey.score(results_file.read(upload(file_content(name, **extra))).answers)


@pytest.mark.parametrize(
    ("name", "extra", "raw", "mitigation", "current", "level"),
    [
        ("raw-41.json", {}, 41, 0, 41, I),  # 41 <= 41.75
        ("raw-41.json", ONE_RAW_POINT, 42, 0, 42, II),
        ("raw-83.json", {}, 83, 0, 83, II),  # 83 <= 83.5
        ("raw-83.json", ONE_RAW_POINT, 84, 0, 84, III),
        ("raw-125.json", {}, 125, 0, 125, III),  # 125 <= 125.25
        ("raw-125.json", ONE_RAW_POINT, 126, 0, 126, IV),
        # Mitigation 61 < 61.6: no deduction. 62 >= 61.6: 15% off.
        ("raw-48-mitigation-61.json", {}, 48, 61, 48, II),
        ("raw-48-mitigation-61.json", ONE_MITIGATION_POINT, 48, 62, 41, I),  # 40.8
        ("raw-48-mitigation-61.json", ONE_MITIGATION_POINT | ONE_RAW_POINT, 49, 62, 42, II),
        (
            "raw-48-mitigation-61.json",
            ONE_MITIGATION_POINT | ONE_RAW_POINT | ANOTHER_RAW_POINT,
            50,
            62,
            43,  # 42.5 rounds half up, as Math.round does
            II,
        ),
        ("raw-98-mitigation-62.json", {}, 98, 62, 83, II),  # 83.3
        ("raw-98-mitigation-62.json", ONE_RAW_POINT, 99, 62, 84, III),  # 84.15
        ("raw-147-mitigation-62.json", {}, 147, 62, 125, III),  # 124.95
        ("raw-147-mitigation-62.json", ONE_RAW_POINT, 148, 62, 126, IV),  # 125.8
    ],
)
def test_scores_match_the_published_rules(name, extra, raw, mitigation, current, level):
    assessment = score(name, **extra)

    assert (assessment.raw_score, assessment.mitigation_score) == (raw, mitigation)
    assert assessment.score == current
    assert assessment.level == level
    assert assessment.mitigated == (mitigation >= 62)


def test_the_maxima_are_the_tools():
    # Counted separately from the tool's survey-enfr.json at the commit we read.
    assert (survey.RAW_MAX, survey.MITIGATION_MAX, survey.MITIGATION_FORK_MAX) == (167, 154, 77)
    assert (survey.TOOL_VERSION, survey.TOOL_COMMIT[:7]) == ("v1.0.1", "b900dc7")


def test_the_tools_own_example_scores_as_in_its_tests():
    # aia-eia-js tests/unit/store.spec.ts expects [3, 0, 3, 1] for these answers.
    answers = {"projectDetailsPhase": "item1", "decisionSector1": ["item1-1", "item2-1", "item3-1"]}
    assessment = survey.score(answers)
    assert (assessment.raw_score, assessment.mitigation_score, assessment.score) == (3, 0, 3)
    assert assessment.level == I


def test_older_files_are_upgraded_as_the_tool_upgrades_them():
    content = (
        b'{"version": "v0.9.0", "currentPage": 1, "data": {"impact4": "It ranks claims.",'
        b' "aboutSystem1": ["item1", "item6-1"], "decisionSector1": ["item1-1"]}}'
    )

    saved = results_file.read(upload(content))

    assert saved.version == "v0.9.0"
    assert saved.answers == {
        "decisionSector3": "It ranks claims.",
        "aboutSystem1": ["item1", "item6"],
        "decisionSector1": ["item1-1"],
    }
    assert survey.score(saved.answers).raw_score == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG not json", "This file is not JSON"),
        (b"[1, 2]", "no “data” object"),
        (b'{"version": "v1.0.1", "data": "x"}', "no “data” object"),
        (b'{"version": "v1.0.1", "data": {}}', "holds no answers"),
        (b'{"version": 7, "data": {"impact3": "item1-4"}}', "“version”"),
        (b'{"data": {"impact3": "item1-4", "favouriteColour": "blue"}}', "“favouriteColour”"),
        (b'{"data": {"impact3": "item9-9"}}', "does not offer to these questions: “impact3”"),
        (b'{"data": {"decisionSector1": "item1-1"}}', "“decisionSector1”"),
        (b'{"data": {"projectDetailsTitle": ["a"]}}', "“projectDetailsTitle”"),
    ],
)
def test_files_the_tool_could_not_have_saved_are_refused_with_a_reason(content, message):
    with pytest.raises(ValidationError) as refused:
        results_file.read(upload(content))
    assert message in refused.value.messages[0]


def test_the_facts_read_from_official_answers_are_the_surveys_own():
    # A new survey version that renames or re-values these questions must fail here first.
    assert set(survey.QUESTIONS[facts.AUTOMATION_QUESTION].choices) == set(facts.Automation)
    assert set(survey.QUESTIONS[facts.SECTOR_QUESTION].choices) == set(facts.Sector)
    assert facts.automation({}) is None
    assert facts.sectors({"decisionSector1": ["item8-1", "item1-1"]}) == [
        facts.Sector.HEALTH,
        facts.Sector.PUBLIC_SAFETY,
    ]
