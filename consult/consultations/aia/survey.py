"""Canada's Algorithmic Impact Assessment, scored the way the official tool scores it.

The facts come from the official tool, canada-ca/aia-eia-js, at the commit `survey_v1_0_1.json`
names: its survey (`src/survey-enfr.json`) reduced to what scoring and checking a saved file
need (each question's name and type, whether it counts towards the raw impact or the mitigation
score, the values of its choices), and its arithmetic (`calculateFinalScore` in `src/store.ts`):

- a choice is worth the number after the last hyphen of its value ("item3-4" is worth 4, "item6"
  nothing); a checkbox answer is worth the sum of the choices ticked;
- a question counts when it is a radio group, checkbox list or drop-down whose name, or whose
  panel's name, ends in "-RS" (raw impact) or "-MS" (mitigation); every such question counts
  towards the maxima, whether the assessment shows it or not;
- the mitigation maximum is halved before the comparison, because an assessment answers either
  the design or the implementation questions, never both;
- mitigation at or above 80% of that half takes 15% off the raw score, rounded half up to a
  whole number (JavaScript's Math.round on the same floating-point product);
- the level is I up to 25% of the maximum raw score, II up to 50%, III up to 75%, IV above.
"""

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from consult.consultations.impact import Assessment, ImpactLevel, Kind

SURVEY_FILE = Path(__file__).with_name("survey_v1_0_1.json")
CHOICE_TYPES = frozenset({"radiogroup", "dropdown", "checkbox"})
SCORE_KINDS = {"raw": Kind.RAW, "mitigation": Kind.MITIGATION}

# The tool's constants, as written in store.ts (floating point, like the tool).
MITIGATION_SHARE = 0.8
DEDUCTION = 0.15
LEVEL_SHARES = (0.25, 0.5, 0.75)


@dataclass(frozen=True)
class SurveyQuestion:
    name: str
    type: str
    kind: Kind | None = None
    choices: tuple[str, ...] = ()

    @property
    def takes_choices(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def max_points(self) -> int:
        points = [choice_points(value) for value in self.choices]
        if self.type == "checkbox":
            return sum(points)
        return max(points, default=0)


def choice_points(value: str) -> int:
    """What a choice value is worth: the whole number after its last hyphen, else nothing."""
    _head, hyphen, tail = value.rpartition("-")
    return int(tail) if hyphen and tail.isdigit() else 0


def _load() -> tuple[dict, dict[str, SurveyQuestion]]:
    survey = json.loads(SURVEY_FILE.read_text(encoding="utf-8"))
    questions = {}
    for name, (question_type, *scoring) in survey["questions"].items():
        kind, choices = scoring or (None, ())
        questions[name] = SurveyQuestion(name, question_type, SCORE_KINDS.get(kind), tuple(choices))
    return survey, questions


_SURVEY, QUESTIONS = _load()
TOOL = _SURVEY["tool"]
TOOL_VERSION = _SURVEY["tool_version"]
TOOL_COMMIT = _SURVEY["commit"]
RAW_MAX = sum(q.max_points for q in QUESTIONS.values() if q.kind == Kind.RAW)
MITIGATION_MAX = sum(q.max_points for q in QUESTIONS.values() if q.kind == Kind.MITIGATION)
# An assessment answers one of the two forks (design or implementation), each worth half.
MITIGATION_FORK_MAX = MITIGATION_MAX // 2


def _answer_points(answer) -> int:
    if isinstance(answer, list):
        return sum(choice_points(value) for value in answer)
    return choice_points(answer)


def _js_round(value: float) -> int:
    # Math.round: the nearest whole number, halves towards +infinity (Python's round() would
    # send 42.5 to 42).
    whole = math.floor(value)
    return whole + 1 if value - whole >= 0.5 else whole


def score(answers: dict) -> Assessment:
    """The official tool's raw impact score, mitigation score, current score and level for
    `answers` (a saved file's "data", already checked by `results_file`)."""
    totals = dict.fromkeys(Kind, 0)
    for name, answer in answers.items():
        question = QUESTIONS[name]
        if question.kind is not None:
            totals[question.kind] += _answer_points(answer)
    raw, mitigation = totals[Kind.RAW], totals[Kind.MITIGATION]
    mitigated = mitigation >= MITIGATION_SHARE * (MITIGATION_MAX / 2)
    current = _js_round((1 - DEDUCTION) * raw) if mitigated else raw
    level = ImpactLevel.IV
    for candidate, share in zip(ImpactLevel, LEVEL_SHARES, strict=False):
        if current <= RAW_MAX * share:
            level = candidate
            break
    return Assessment(
        raw_score=raw,
        mitigation_score=mitigation,
        mitigated=mitigated,
        score=Fraction(current),
        share=Fraction(current, RAW_MAX),
        level=level,
        complete=True,
        raw_max=RAW_MAX,
        mitigation_max=MITIGATION_FORK_MAX,
        official=True,
    )
