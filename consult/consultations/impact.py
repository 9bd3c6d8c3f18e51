"""The impact assessment behind an AI system card's level I-IV.

Modelled on the Government of Canada's Algorithmic Impact Assessment: raw-impact answers and
mitigation answers are scored separately; when the mitigation score reaches 80% of its maximum
the raw score is reduced by 15%; the level is the share of the maximum raw score the result
reaches (up to 25% is level I, up to 50% level II, up to 75% level III, above that level IV).

The questionnaire lives here, as data, so the admin form, the public explanation and the
calculation cannot drift apart. Arithmetic uses fractions so boundaries are exact.

A card that imports an assessment saved by the official tool takes its level from that
instead, scored by the official rules (aia.survey); the obligations below follow either level.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MITIGATION_THRESHOLD = Fraction(80, 100)
MITIGATION_REDUCTION = Fraction(15, 100)
# Upper bounds (inclusive) of the share of the maximum raw score for levels I, II and III.
LEVEL_BOUNDS = (Fraction(25, 100), Fraction(50, 100), Fraction(75, 100))


class Kind(StrEnum):
    RAW = "raw"
    MITIGATION = "mitigation"


class ImpactLevel(models.IntegerChoices):
    I = 1, _("Level I: little to no impact")  # noqa: E741
    II = 2, _("Level II: moderate impact")
    III = 3, _("Level III: high impact")
    IV = 4, _("Level IV: very high impact")

    @property
    def roman(self) -> str:
        return ("I", "II", "III", "IV")[self.value - 1]

    @property
    def meaning(self) -> str:
        """What the level means for the people affected, in plain words."""
        return str(LEVEL_MEANINGS[self])


LEVEL_MEANINGS = {
    ImpactLevel.I: _("Its effects on people are small, brief and easy to undo."),
    ImpactLevel.II: _(
        "Its effects on people can matter, but they are likely short and can be undone."
    ),
    ImpactLevel.III: _(
        "Its effects on people can be serious, last a long time and be hard to undo. "
        "It needs strong safeguards."
    ),
    ImpactLevel.IV: _(
        "Its effects on people's rights, health or livelihoods can be severe, lasting or "
        "impossible to undo. It needs the strongest safeguards."
    ),
}
# How many of the heaviest impact answers the card names as the main risks.
TOP_RISKS = 3


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | Promise
    points: int


@dataclass(frozen=True)
class Question:
    key: str
    kind: Kind
    label: str | Promise
    help_text: str | Promise
    choices: tuple[Choice, ...]

    @property
    def field_name(self) -> str:
        return f"impact_{self.key}"

    @property
    def max_points(self) -> int:
        return max(choice.points for choice in self.choices)

    def points_for(self, value: str) -> int | None:
        for choice in self.choices:
            if choice.value == value:
                return choice.points
        return None

    def choice_for(self, value: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)


def _q(key, kind, label, help_text, *choices: tuple[str, str | Promise, int]) -> Question:
    return Question(key, kind, label, help_text, tuple(Choice(*choice) for choice in choices))


QUESTIONS: tuple[Question, ...] = (
    _q(
        "decision_area",
        Kind.RAW,
        _("Area of the decision"),
        _("What the system's output is used to decide or influence."),
        ("internal", _("Internal operations only"), 0),
        ("information", _("Information or services offered to the public"), 1),
        ("benefits", _("Access to benefits, services or public funds"), 3),
        ("enforcement", _("Policing, security, immigration or justice"), 4),
    ),
    _q(
        "reversibility",
        Kind.RAW,
        _("Reversibility"),
        _("How easily the effects of a wrong decision can be undone."),
        ("reversible", _("Easily reversible"), 0),
        ("effort", _("Reversible with effort"), 2),
        ("difficult", _("Difficult to reverse"), 3),
        ("irreversible", _("Irreversible"), 4),
    ),
    _q(
        "duration",
        Kind.RAW,
        _("Duration of effects"),
        _("How long the effects of a decision last for the person concerned."),
        ("brief", _("Days or less"), 0),
        ("months", _("Weeks to months"), 2),
        ("lasting", _("Years, or permanent"), 4),
    ),
    _q(
        "scale",
        Kind.RAW,
        _("Number of people affected"),
        _("How many people the system could make or inform decisions about each year."),
        ("few", _("Fewer than 1,000"), 0),
        ("thousands", _("1,000 to 100,000"), 2),
        ("many", _("100,000 to 1 million"), 3),
        ("population", _("More than 1 million"), 4),
    ),
    _q(
        "vulnerable_groups",
        Kind.RAW,
        _("Vulnerable groups"),
        _(
            "Whether the people affected include children, people in precarious situations or "
            "groups that face discrimination."
        ),
        ("no", _("No"), 0),
        ("some", _("Some of them"), 2),
        ("mainly", _("Mainly"), 4),
    ),
    _q(
        "automation",
        Kind.RAW,
        _("Degree of automation"),
        _("How much of the decision is left to the system."),
        ("support", _("It only informs a person who decides"), 1),
        ("review", _("It decides and a person reviews every decision"), 2),
        ("automatic", _("It decides without a person reviewing"), 4),
    ),
    _q(
        "personal_data",
        Kind.RAW,
        _("Personal data"),
        _("The most sensitive kind of data the system processes."),
        ("none", _("No personal data"), 0),
        ("personal", _("Personal data"), 2),
        ("sensitive", _("Biometric or special-category data"), 4),
    ),
    _q(
        "explainability",
        Kind.RAW,
        _("Explainability"),
        _("Whether a person can be told why the system produced its output about them."),
        ("full", _("Every output can be explained"), 0),
        ("partial", _("Outputs can be partly explained"), 2),
        ("opaque", _("Outputs cannot be explained"), 4),
    ),
    _q(
        "novelty",
        Kind.RAW,
        _("Novelty"),
        _("How established this kind of system is for this use."),
        ("established", _("Established and well understood"), 0),
        ("new_here", _("New to this body"), 2),
        ("novel", _("Novel or experimental"), 4),
    ),
    _q(
        "rights",
        Kind.RAW,
        _("Rights and freedoms"),
        _("Whether the system could restrict people's rights or freedoms."),
        ("no", _("No"), 0),
        ("indirectly", _("Indirectly"), 2),
        ("directly", _("Directly"), 4),
    ),
    _q(
        "bias_testing",
        Kind.MITIGATION,
        _("Testing for bias"),
        _("Whether the system's outcomes were tested for differences between groups."),
        ("no", _("No"), 0),
        ("internal", _("Yes, internally"), 1),
        ("published", _("Yes, and the results are published"), 2),
    ),
    _q(
        "human_override",
        Kind.MITIGATION,
        _("Human override"),
        _("Whether a person can set aside the system's output."),
        ("no", _("No"), 0),
        ("on_request", _("When someone asks"), 1),
        ("always", _("Always, before the decision takes effect"), 2),
    ),
    _q(
        "consultation",
        Kind.MITIGATION,
        _("Consultation"),
        _("Whether the people affected were consulted before deployment."),
        ("no", _("No"), 0),
        ("yes", _("Yes"), 2),
    ),
    _q(
        "audit",
        Kind.MITIGATION,
        _("Independent audit"),
        _("Whether someone independent of the deploying body has audited the system."),
        ("no", _("No"), 0),
        ("planned", _("Planned"), 1),
        ("done", _("Done"), 2),
    ),
    _q(
        "monitoring",
        Kind.MITIGATION,
        _("Monitoring"),
        _("Whether performance, errors and complaints are monitored once deployed."),
        ("no", _("No"), 0),
        ("yes", _("Yes"), 2),
    ),
    _q(
        "recourse",
        Kind.MITIGATION,
        _("Recourse"),
        _("Whether people have a clear route to contest a decision and have it reviewed."),
        ("no", _("No"), 0),
        ("yes", _("Yes"), 2),
    ),
)

QUESTIONS_BY_KEY = {question.key: question for question in QUESTIONS}
RAW_QUESTIONS = tuple(q for q in QUESTIONS if q.kind == Kind.RAW)
MITIGATION_QUESTIONS = tuple(q for q in QUESTIONS if q.kind == Kind.MITIGATION)
RAW_MAX = sum(q.max_points for q in RAW_QUESTIONS)
MITIGATION_MAX = sum(q.max_points for q in MITIGATION_QUESTIONS)


@dataclass(frozen=True)
class Assessment:
    raw_score: int
    mitigation_score: int
    mitigated: bool
    score: Fraction
    share: Fraction
    level: ImpactLevel
    complete: bool
    raw_max: int = RAW_MAX
    mitigation_max: int = MITIGATION_MAX
    # True when scored by the official AIA's rules from an imported file (aia.survey).
    official: bool = False

    @property
    def score_display(self) -> Decimal:
        if self.official:
            return Decimal(self.score.numerator)  # the official tool rounds to a whole number
        return _one_decimal(self.score)

    @property
    def percent_display(self) -> Decimal:
        return _one_decimal(self.share * 100)


def _one_decimal(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def level_for_share(share: Fraction) -> ImpactLevel:
    for level, bound in zip(ImpactLevel, LEVEL_BOUNDS, strict=False):
        if share <= bound:
            return level
    return ImpactLevel.IV


def assess(answers: Mapping[str, str]) -> Assessment:
    """Score answers keyed by question key. Unanswered or unknown answers count 0 points."""
    points = {q.key: q.points_for(answers.get(q.key, "")) for q in QUESTIONS}
    raw = sum(points[q.key] or 0 for q in RAW_QUESTIONS)
    mitigation = sum(points[q.key] or 0 for q in MITIGATION_QUESTIONS)
    mitigated = Fraction(mitigation, MITIGATION_MAX) >= MITIGATION_THRESHOLD
    score = raw * (1 - MITIGATION_REDUCTION) if mitigated else Fraction(raw)
    share = score / RAW_MAX
    return Assessment(
        raw_score=raw,
        mitigation_score=mitigation,
        mitigated=mitigated,
        score=score,
        share=share,
        level=level_for_share(share),
        complete=all(value is not None for value in points.values()),
    )


@dataclass(frozen=True)
class Obligation:
    key: str
    area: str | Promise
    text: str | Promise
    levels: tuple[ImpactLevel, ...]


def _duty(key, area, levels, text) -> Obligation:
    return Obligation(key, area, text, tuple(ImpactLevel(level) for level in levels))


# The requirements of the Canadian Directive on Automated Decision-Making by impact level
# (Appendix C, as the official AIA tool v1.0.1 lists them after the 2025 review), in our words,
# plus recourse, which the Directive asks at every level. Where Appendix C asks the same at
# several levels the requirement has one key, so a tick survives a change between them.
OBLIGATIONS: tuple[Obligation, ...] = (
    _duty(
        "notice",
        _("Notice"),
        (1, 2),
        _(
            "Tell people in plain language, through every channel the service uses (online, "
            "in person, by post, by telephone), that an automated system takes part in the "
            "decision."
        ),
    ),
    _duty(
        "notice_with_explanation",
        _("Notice"),
        (3, 4),
        _(
            "Tell people in plain language, through every channel the service uses (online, "
            "in person, by post, by telephone), that an automated system takes part in the "
            "decision, and point them to the published explanation of how it works."
        ),
    ),
    _duty(
        "explanation_published",
        _("Explanation"),
        (1,),
        _(
            "Publish a plain-language explanation of how the system works: its role in the "
            "decision, its input data and where they come from, the criteria and processing "
            "applied, the results of reviews or audits, what it outputs and how to read it, "
            "the main factors behind a decision, and the recourse open to people."
        ),
    ),
    _duty(
        "explanation_per_decision",
        _("Explanation"),
        (2, 3, 4),
        _(
            "Publish the general explanation, and give each person refused a benefit or a "
            "service, or subject to a regulatory action, a plain-language explanation of the "
            "main factors behind that decision and of how officers used the system's output, "
            "with a link to the general explanation."
        ),
    ),
    _duty(
        "peer_review_one_expert",
        _("Peer review"),
        (2, 3),
        _(
            "Have at least one qualified expert review the system (from a government "
            "institution, a university, a relevant non-governmental organisation, a "
            "specialised contractor or an advisory board named by the government), and "
            "publish the review or a plain-language summary of it."
        ),
    ),
    _duty(
        "peer_review_two_experts",
        _("Peer review"),
        (4,),
        _(
            "Have at least two qualified experts review the system (from the national "
            "research, statistics, cyber-security or shared-services agencies, a university, a "
            "relevant non-governmental organisation, a specialised contractor or an advisory "
            "board named by the government), and publish the reviews or plain-language "
            "summaries of them."
        ),
    ),
    _duty(
        "gender_based_analysis_plus",
        _("Gender-based Analysis Plus"),
        (2, 3, 4),
        _(
            "With the body's diversity and inclusion experts, assess how the system and its "
            "data may affect different groups of people, citing the data used where possible, "
            "and set out the measures taken against the risks found."
        ),
    ),
    _duty(
        "training_basic",
        _("Training"),
        (1, 2),
        _("Train staff, role by role, to use the system properly and explain what it does."),
    ),
    _duty(
        "training_recurring",
        _("Training"),
        (3, 4),
        _(
            "Train staff, role by role and repeatedly, on how the system works, its possible "
            "effects on privacy, fairness and human rights and how to spot them, and how to "
            "check and, when needed, override its decisions."
        ),
    ),
    _duty(
        "human_quality_assurance",
        _("Human involvement"),
        (1, 2),
        _(
            "The system may decide without a person, but people check its quality and can "
            "step in when appropriate."
        ),
    ),
    _duty(
        "human_final_decision",
        _("Human involvement"),
        (3, 4),
        _(
            "A person makes the final decision, at clearly defined points, after reviewing "
            "the system's output for accuracy and appropriateness."
        ),
    ),
    _duty(
        "approval_programme_head",
        _("Approval to operate"),
        (1, 2),
        _(
            "The senior official responsible for the programme (in Canada, the assistant "
            "deputy minister) approves the system before it operates."
        ),
    ),
    _duty(
        "approval_body_head",
        _("Approval to operate"),
        (3,),
        _(
            "The head of the body (in Canada, the deputy head) approves the system before it "
            "operates."
        ),
    ),
    _duty(
        "approval_government",
        _("Approval to operate"),
        (4,),
        _("The government (in Canada, the Treasury Board) approves the system before it operates."),
    ),
    _duty(
        "recourse",
        _("Recourse"),
        (1, 2, 3, 4),
        _("Give people a way to challenge a decision made with the system's help."),
    ),
)
OBLIGATION_CHOICES = [(duty.key, duty.area) for duty in OBLIGATIONS]


def obligations_for(level: ImpactLevel) -> list[Obligation]:
    """What a system at `level` must do, in the order Appendix C lists it."""
    return [duty for duty in OBLIGATIONS if level in duty.levels]
