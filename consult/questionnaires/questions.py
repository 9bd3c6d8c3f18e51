"""A consultation's questions as the questionnaire sees them, and the rules for answers.

The canonical page decides what is asked (ids, kinds, required, how many choices); the page
the reader is on only supplies the wording. `clean_answers` is the one place the rules for an
answer live: the form parses what was posted, the services call this before anything is saved.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from consult.consultations.models import ConsultationPage

LONG_TEXT = "long_text"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
SCALE = "scale"
SCALE_POINTS = range(1, 6)
DEFAULT_ANSWER_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    number: int
    prompt: str
    help_text: str
    required: bool
    choices: tuple[str, ...] = ()
    low_label: str = ""
    high_label: str = ""


def answer_max_length() -> int:
    return getattr(settings, "CONSULT_ANSWER_MAX_LENGTH", DEFAULT_ANSWER_MAX_LENGTH)


def questions_for(canonical: ConsultationPage, reader: ConsultationPage | None = None):
    """The canonical page's questions, worded from `reader` (the page being read) when it has
    a matching block: the same id (a translation copied in Wagtail keeps ids), else the same
    kind at the same position (a translation built by hand gets new ids)."""
    asked = list(canonical.questions)
    worded = asked if reader is None or reader.pk == canonical.pk else list(reader.questions)
    worded_by_id = {child.id: child for child in worded}
    questions = []
    for position, child in enumerate(asked):
        wording = worded_by_id.get(child.id)
        if wording is None and position < len(worded):
            same_kind = worded[position].block_type == child.block_type
            wording = worded[position] if same_kind else None
        questions.append(_question(child, wording or child, number=position + 1))
    return questions


def _question(child, wording, *, number: int) -> Question:
    value, words = child.value, wording.value
    choices: tuple[str, ...] = ()
    if child.block_type in (SINGLE_CHOICE, MULTIPLE_CHOICE):
        choices = tuple(value["choices"])
        translated = tuple(words["choices"])
        # A translation with a different number of choices cannot be matched by index.
        if len(translated) == len(choices):
            choices = translated
    return Question(
        id=child.id,
        kind=child.block_type,
        number=number,
        prompt=words["prompt"],
        help_text=words["help_text"] or "",
        required=bool(value["required"]),
        choices=choices,
        low_label=words.get("low_label", "") or "",
        high_label=words.get("high_label", "") or "",
    )


def clean_answers(
    questions: list[Question], raw: Mapping[str, object], *, complete: bool
) -> dict[str, object]:
    """Answers fit for storage: keys of known questions only, choices as indexes, blank
    answers left out. `complete` (submitting) also requires the required questions.
    Raises ValidationError keyed by question id."""
    cleaned: dict[str, object] = {}
    errors: dict[str, ValidationError] = {}
    for question in questions:
        try:
            value = _clean_one(question, raw.get(question.id))
        except ValidationError as error:
            errors[question.id] = error
            continue
        if value is not None:
            cleaned[question.id] = value
        elif complete and question.required:
            errors[question.id] = ValidationError(
                _("This question needs an answer before you submit."), code="required"
            )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _blank(value: object) -> bool:
    return value is None or value in ("", [], ())


def _clean_one(question: Question, value: object) -> object:
    if _blank(value):
        return None
    match question.kind:
        case "long_text":
            return _clean_text(value)
        case "single_choice":
            return _index(value, len(question.choices), _("Choose one of the options offered."))
        case "multiple_choice":
            return _indexes(value, len(question.choices))
        case "scale":
            number = _index(value, SCALE_POINTS.stop, _("Choose a number from 1 to 5."))
            if number not in SCALE_POINTS:
                raise ValidationError(_("Choose a number from 1 to 5."), code="out_of_range")
            return number
    raise ValidationError(_("This question cannot be answered."), code="unknown_kind")


def _clean_text(value: object) -> str | None:
    if not isinstance(value, str):
        raise ValidationError(_("Write your answer as text."), code="invalid")
    text = value.strip()
    if "\x00" in text:
        raise ValidationError(_("Your answer contains a character we cannot store."), code="null")
    limit = answer_max_length()
    if len(text) > limit:
        raise ValidationError(
            ngettext_lazy(
                "Please shorten your answer to %(limit)s characters or fewer; "
                "it has %(count)d character.",
                "Please shorten your answer to %(limit)s characters or fewer; "
                "it has %(count)d characters.",
                "count",
            ),
            code="too_long",
            params={"limit": limit, "count": len(text)},
        )
    return text or None


def _index(value: object, size: int, message) -> int:
    """A choice index (or scale point) below `size`, from an int or a string of digits."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise ValidationError(message, code="invalid_choice")
    return value


def _indexes(value: object, size: int) -> list[int]:
    message = _("Choose among the options offered.")
    if isinstance(value, (str, int)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise ValidationError(message, code="invalid_choice")
    return sorted({_index(item, size, message) for item in value})


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    text: str = ""
    labels: tuple[str, ...] = ()
    answered: bool = False


def answer_rows(questions: list[Question], answers: Mapping[str, object]) -> list[AnswerRow]:
    """Each question with its stored answer in the reader's wording, for read-only views.
    An answer that no longer fits the question (its choices were edited) is left out."""
    rows = []
    for question in questions:
        stored = answers.get(question.id)
        if question.kind == LONG_TEXT:
            # Shown as stored, even if the length limit was lowered since.
            value = stored if isinstance(stored, str) and stored else None
        else:
            try:
                value = _clean_one(question, stored)
            except ValidationError:
                value = None
        if value is None:
            rows.append(AnswerRow(question=question))
        elif question.kind in (LONG_TEXT, SCALE):
            rows.append(AnswerRow(question=question, text=str(value), answered=True))
        else:
            indexes = value if isinstance(value, list) else [value]
            labels = tuple(question.choices[index] for index in indexes)
            rows.append(AnswerRow(question=question, labels=labels, answered=True))
    return rows
