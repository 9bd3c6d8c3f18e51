"""What an imported official assessment says about the system, beyond its score: the facts
the card's publish check and the registers read from the tool's answers instead of asking
the editor twice.

The question names and choice values are the official survey's (survey_v1_0_1.json; the
wording is the tool's `survey-enfr.json` at the commit that file names):

- impact30, "Which of the following best describes the type of automation you are
  planning?": full automation (the system makes the administrative decision) or partial
  automation (it supports an officer with assessments, recommendations or intermediate
  decisions);
- decisionSector1, "Does the decision pertain to any of the categories below": health-related
  services, economic interests, social assistance, access and mobility, licensing and permits,
  employment, public safety and law enforcement, other.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

AUTOMATION_QUESTION = "impact30"
SECTOR_QUESTION = "decisionSector1"


class Automation(StrEnum):
    FULL = "item1-4"
    PARTIAL = "item2-2"

    @property
    def label(self) -> str:
        return str(AUTOMATION_LABELS[self])


AUTOMATION_LABELS = {
    Automation.FULL: _("full automation: the system makes the decision"),
    Automation.PARTIAL: _("partial automation: the system supports a person who decides"),
}

# The card's ways of deciding (DecisionMode values) each official answer admits. "Human in the
# loop" (the system decides, a person reviews every decision) fits both: whether the reviewed
# output is the system's decision (full automation) or an intermediate one the person decides
# on (partial) turns on who signs the decision, which the card does not record.
DECISION_MODES = {
    Automation.FULL: frozenset({"fully_automated", "human_in_the_loop"}),
    Automation.PARTIAL: frozenset({"decision_support", "human_in_the_loop"}),
}


class Sector(StrEnum):
    HEALTH = "item1-1"
    ECONOMIC_INTERESTS = "item2-1"
    SOCIAL_ASSISTANCE = "item3-1"
    ACCESS_AND_MOBILITY = "item4-1"
    LICENSING = "item5-1"
    EMPLOYMENT = "item7-1"
    PUBLIC_SAFETY = "item8-1"
    OTHER = "item6-1"


def automation(answers: dict) -> Automation | None:
    """The type of automation the assessment declares; None when the file does not say."""
    value = answers.get(AUTOMATION_QUESTION)
    return Automation(value) if value in Automation else None


def sectors(answers: dict) -> list[Sector]:
    """The areas of decision the assessment ticks, in the tool's order."""
    ticked = set(answers.get(SECTOR_QUESTION) or ())
    return [sector for sector in Sector if sector in ticked]
