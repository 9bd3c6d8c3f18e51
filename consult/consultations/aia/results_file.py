"""Reading the results file the official AIA tool saves ("AIA Results.json").

The tool writes `{"version": ..., "currentPage": ..., "data": {...}, "translationsOnResult":
{...}}`, where `data` maps question names to answers: a string for text, comment, radio-group
and drop-down questions, a list of strings for checkbox questions. When it loads a file it
renames two answers older versions saved (see `_upgrade`); we do the same, then refuse anything
the survey we score with could not have produced, so the score is never silently wrong.
"""

import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from consult.consultations.aia.survey import QUESTIONS, TOOL_VERSION

# A saved assessment is a few tens of kilobytes; long free-text answers leave room to spare.
MAX_FILE_BYTES = 1_000_000
MAX_VERSION_LENGTH = 20
# How many offending names an error message lists before "and N more".
NAMES_SHOWN = 5


@dataclass(frozen=True)
class SavedAssessment:
    version: str
    answers: dict


def read(upload) -> SavedAssessment:
    """The version and the answers of an uploaded results file; ValidationError, with a
    message for the editor, when it is not one the official tool could have saved."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("This file is larger than an assessment saved by the official tool can be.")
        )
    try:
        content = json.loads(upload.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(
            _("This file is not JSON. Choose the “AIA Results.json” file the tool saved.")
        ) from None
    if not isinstance(content, dict) or not isinstance(content.get("data"), dict):
        raise ValidationError(
            _(
                "This JSON file is not an assessment saved by the official tool: it has no "
                "“data” object with the answers."
            )
        )
    version = content.get("version", "")
    if not isinstance(version, str) or len(version) > MAX_VERSION_LENGTH:
        raise ValidationError(_("The file's “version” is not a version of the official tool."))
    if not content["data"]:
        raise ValidationError(_("The file holds no answers: the assessment was never begun."))
    answers = _upgrade(dict(content["data"]))
    _check(answers)
    return SavedAssessment(version=version, answers=answers)


def _upgrade(answers: dict) -> dict:
    # As the tool's loadSurvey does: its "other" choice lost its points (#622), and the
    # description of the automated decision moved from the impact to the decision section.
    about_system = answers.get("aboutSystem1")
    if isinstance(about_system, list) and "item6-1" in about_system:
        about_system = list(about_system)
        about_system[about_system.index("item6-1")] = "item6"
        answers["aboutSystem1"] = about_system
    if "impact4" in answers:
        answers["decisionSector3"] = answers.pop("impact4")
    return answers


def _names(names: list[str]) -> str:
    shown = ", ".join(f"“{name}”" for name in names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(names) - NAMES_SHOWN}
    return shown


def _check(answers: dict) -> None:
    unknown = [name for name in answers if name not in QUESTIONS]
    if unknown:
        raise ValidationError(
            _(
                "The file answers questions the official tool's survey (version %(version)s) "
                "does not ask: %(names)s. Was it saved by another tool or version?"
            )
            % {"version": TOOL_VERSION, "names": _names(unknown)}
        )
    invalid = [name for name, answer in answers.items() if not _valid(name, answer)]
    if invalid:
        raise ValidationError(
            _(
                "The file gives answers the official tool does not offer to these questions: "
                "%(names)s."
            )
            % {"names": _names(invalid)}
        )


def _valid(name: str, answer) -> bool:
    question = QUESTIONS[name]
    if not question.takes_choices:
        return isinstance(answer, str)
    if question.type == "checkbox":
        return isinstance(answer, list) and all(
            isinstance(value, str) and value in question.choices for value in answer
        )
    return isinstance(answer, str) and answer in question.choices
