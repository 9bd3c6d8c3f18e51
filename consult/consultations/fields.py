"""Model fields for the AI system card's closed lists of answers.

`ChoiceListField` keeps several values from a fixed list (rights at risk, data categories,
stakeholder groups) as a JSON list: it runs the same on SQLite and PostgreSQL (no ArrayField),
the choices stay enumerations in code rather than rows that fixtures and migrations must seed,
and the list serialises into Wagtail revisions as plain data, which the public change history
diffs. Nobody filters on these in SQL; code that needs them reads them per card.
"""

from collections.abc import Iterable, Sequence

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    def __init__(self, *args, item_choices: Sequence[tuple[str, str]] = (), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        allowed = {key for key, _label in self.item_choices}
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ValidationError(_("Choose only from the listed options."), code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )

    def labels(self, values: Iterable[str]) -> list[str]:
        names = dict(self.item_choices)
        return [str(names[value]) for value in values if value in names]


class AnswerField(models.CharField):
    """One answer to an impact question, shown to editors as radio buttons without an empty
    option: leaving it unanswered is allowed for drafts only (Wagtail defers required fields
    when saving a draft)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        kwargs.setdefault("initial", None)  # drops Django's "---------" choice
        kwargs.setdefault("widget", forms.RadioSelect)
        return super().formfield(**kwargs)
