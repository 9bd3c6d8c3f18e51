"""Statements of reasons: what the public, the author and the moderators are told about a
moderation decision. Public by design, so they carry no personal data: never who decided,
who flagged, or who wrote the comment; only the rule, what triggered the decision, whether
a human took it, when, the moderator's public note and the appeal's status.

The rule's wording comes from the HouseRule in the reader's language, falling back to the
default locale, then to the rule code's own label: a decision always names its rule.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from consult.consultations.queries import in_locale_with_fallback
from consult.moderation.models import (
    REDUCING_ACTIONS,
    Action,
    AppealOutcome,
    HouseRule,
    ModerationDecision,
    RuleCode,
    Trigger,
)

APPEAL_NONE = "none"
# What each automated check of consult.moderation.prescreen looks for, in words.
SCREEN_CHECKS = {
    "campaign": _("near-identical comments from several accounts"),
    "terms": _("a word or phrase on the term list"),
    "new_account_links": _("a link posted from a new account"),
    "burst": _("many comments from one account in a short time"),
}


def screen_check_label(check: str) -> str:
    """The check in words ("terms:fr" is the French term list); its code if unknown."""
    name, _sep, language = check.partition(":")
    if name == "terms" and language:
        languages = dict(settings.LANGUAGES)
        return _("a word or phrase on the term list in %(language)s") % {
            "language": str(languages.get(language, language)).lower()
        }
    return str(SCREEN_CHECKS.get(name, check))


@dataclass(frozen=True)
class RuleText:
    code: str
    title: str
    explanation: str


@dataclass(frozen=True)
class Statement:
    decision_id: int
    consultation_id: int
    comment_id: int | None
    action: str
    action_label: str
    reduces_visibility: bool
    rule: RuleText
    trigger: str
    trigger_label: str
    automated: bool
    screen_check: str
    screen_check_label: str
    screen_version: int | None
    human_decided: bool
    decided_at: datetime
    public_note: str
    # "none" when no appeal was filed, else an AppealOutcome value.
    appeal_status: str
    appeal_status_label: str
    appeal_reasons: str


def rule_texts(language: str | None = None) -> dict[str, RuleText]:
    """Every rule's wording in `language` (the active one by default), in one query."""
    language = language or translation.get_language()
    rows = in_locale_with_fallback(HouseRule.objects.all(), locale=language).values_list(
        "code", "title", "explanation"
    )
    # In the house rules' order; rules nobody has worded yet follow, named by their code.
    texts = {code: RuleText(code, title, explanation) for code, title, explanation in rows}
    for code, label in RuleCode.choices:
        texts.setdefault(code, RuleText(code, str(label), ""))
    return texts


def rule_title(code: str, rules: dict[str, RuleText]) -> str:
    """The rule's title; empty for a pre-moderation hold, which cites no rule."""
    return rules[code].title if code in rules else ""


def rule_choices(language: str | None = None) -> list[tuple[str, str]]:
    """(code, title) for a form that asks which rule was broken."""
    return [(code, text.title) for code, text in rule_texts(language).items()]


def _appeal(decision: ModerationDecision):
    try:
        return decision.appeal
    except ModerationDecision.appeal.RelatedObjectDoesNotExist:
        return None


def statement_for(
    decision: ModerationDecision, *, rules: dict[str, RuleText] | None = None
) -> Statement:
    """The public statement of reasons for `decision`. Pass `rules` (from rule_texts) when
    making many, and load decisions with select_related("appeal"): then no query runs."""
    rules = rules if rules is not None else rule_texts()
    appeal = _appeal(decision)
    status = appeal.outcome if appeal else APPEAL_NONE
    return Statement(
        decision_id=decision.pk,
        consultation_id=decision.consultation_id,
        comment_id=decision.comment_id,
        action=decision.action,
        action_label=str(Action(decision.action).label),
        reduces_visibility=decision.action in REDUCING_ACTIONS,
        # A pre-moderation hold cites no rule: nothing was found to break one.
        rule=rules.get(decision.rule_code) or RuleText(decision.rule_code, "", ""),
        trigger=decision.trigger,
        trigger_label=str(Trigger(decision.trigger).label),
        automated=decision.automated,
        screen_check=decision.screen_check,
        screen_check_label=screen_check_label(decision.screen_check),
        screen_version=decision.screen_version,
        human_decided=not decision.automated,
        decided_at=decision.created_at,
        public_note=decision.public_note,
        appeal_status=status,
        appeal_status_label=(
            str(AppealOutcome(status).label) if appeal else str(_("No appeal filed"))
        ),
        appeal_reasons=appeal.reasons if appeal and status != AppealOutcome.PENDING else "",
    )
