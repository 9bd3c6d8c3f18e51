"""The questionnaire as an HTML form, built from the question blocks.

The form only parses what was posted and renders it back; every rule about answers lives in
`questions.clean_answers`, which the services apply. So fields are never required here (a
draft may be partial) and choice fields accept any value (the services say what is wrong,
in the questionnaire's own words), and errors come back through `add_answer_errors`.
"""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consult.questionnaires.questions import (
    LONG_TEXT,
    MULTIPLE_CHOICE,
    SCALE,
    SCALE_POINTS,
    SINGLE_CHOICE,
    Question,
    answer_max_length,
)


class _AnyChoiceField(forms.ChoiceField):
    def validate(self, value):
        """Checked against the current question by clean_answers."""


class _AnyMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        """Checked against the current question by clean_answers."""


class ResponseForm(forms.Form):
    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.id] = _field_for(question)

    @staticmethod
    def initial_from(questions: list[Question], answers: Mapping[str, object]) -> dict:
        """Stored answers as the form's initial values (choices are posted as strings)."""
        initial = {}
        for question in questions:
            value = answers.get(question.id)
            if isinstance(value, list):
                initial[question.id] = [str(item) for item in value]
            elif value is not None:
                initial[question.id] = str(value)
        return initial

    def answers(self) -> dict[str, object]:
        return {question.id: self.cleaned_data.get(question.id) for question in self.questions}

    def add_answer_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            self.add_error(key if key in self.fields else None, errors)


def _field_for(question: Question) -> forms.Field:
    common = {"label": question.prompt, "help_text": question.help_text, "required": False}
    if question.kind == LONG_TEXT:
        limit = answer_max_length()
        textarea = forms.Textarea(
            attrs={
                "rows": 6,
                # A counter (consult.js), not maxlength: a paste that is too long is kept
                # whole and the person sees by how much to shorten it.
                "data-maxlength": limit,
                "data-remaining-text": _("%s characters remaining"),
                "data-over-text": _("%s characters too many"),
            }
        )
        return forms.CharField(widget=textarea, **common)
    if question.kind == MULTIPLE_CHOICE:
        return _AnyMultipleChoiceField(
            choices=_indexed(question.choices), widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == SINGLE_CHOICE:
        return _AnyChoiceField(
            choices=_indexed(question.choices), widget=forms.RadioSelect, **common
        )
    if question.kind == SCALE:
        return _AnyChoiceField(
            choices=[(str(point), _scale_label(question, point)) for point in SCALE_POINTS],
            widget=forms.RadioSelect(attrs={"class": "scale"}),
            **common,
        )
    raise ValueError(f"unknown question kind {question.kind!r}")


def _indexed(choices: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(str(index), label) for index, label in enumerate(choices)]


def _scale_label(question: Question, point: int) -> str:
    ends = {SCALE_POINTS[0]: question.low_label, SCALE_POINTS[-1]: question.high_label}
    return f"{point} \N{EN DASH} {ends[point]}" if ends.get(point) else str(point)
