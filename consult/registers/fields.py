"""One field of a standard's record, drawn from the AI system card, and what a standard
needs of it: the shared machinery of every standard's module.

A standard's module lists its fields once; the record and the list of what is still missing
are both read from that list, so they cannot disagree.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consult.consultations.models import AISystem


@dataclass(frozen=True)
class RecordField:
    key: str  # the standard's own name for it
    value: Callable[[AISystem], Any]
    # The card fields an editor fills for it, named when it is missing or too long.
    card_fields: tuple[str, ...] = ()
    # Needed before the record counts as complete (the standard's own required fields, and
    # those we hold every register page should answer).
    required: bool = False
    max_length: int | None = None


def text(*names: str) -> Callable[[AISystem], str]:
    """The card's text fields `names`, those filled joined by a blank line."""

    def value(system: AISystem) -> str:
        return "\n\n".join(part for name in names if (part := getattr(system, name) or ""))

    return value


def field(key: str, name: str, **options) -> RecordField:
    """A record field holding the card's field `name` as it is."""
    return RecordField(key, text(name), card_fields=(name,), **options)


def build(fields: Iterable[RecordField], system: AISystem) -> dict[str, Any]:
    return {record_field.key: record_field.value(system) for record_field in fields}


def _label(system: AISystem, names: tuple[str, ...]) -> str:
    return ", ".join(str(system._meta.get_field(name).verbose_name) for name in names)


def missing(fields: Iterable[RecordField], system: AISystem) -> list[str]:
    """What the editor still has to fill or shorten, in the editor's language."""
    problems = []
    for record_field in fields:
        value = record_field.value(system)
        label = _label(system, record_field.card_fields)
        if record_field.required and value in ("", None, [], ()):
            problems.append(label)
        elif record_field.max_length and len(value or "") > record_field.max_length:
            problems.append(
                _("%(field)s: at most %(limit)s characters")
                % {"field": label, "limit": record_field.max_length}
            )
    return problems


def iso_639_3(system: AISystem) -> str:
    """The record's language as ISO 639-3 codes name it."""
    return {"en": "eng", "fr": "fra"}[system.locale.language_code]


def month(date) -> str:
    return date.strftime("%Y-%m") if date else ""


def system_url(system: AISystem, name: str = "ai_systems:detail", **kwargs) -> str:
    """The path of the card (or of one of its records) in the card's own language; none for
    a draft saved before its slug was chosen (Wagtail saves drafts without required fields)."""
    if not system.slug:
        return ""
    with translation.override(system.locale.language_code):
        return reverse(name, kwargs={"slug": system.slug, **kwargs})


def public_url(system: AISystem, name: str = "ai_systems:detail") -> str:
    """The card's public address (or a page about it) in full, for records read away from
    any request: the site's canonical address (BASE_URL) and the path in the card's language."""
    path = system_url(system, name)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path if path else ""


def in_card_language(value: Callable[[AISystem], Any]) -> Callable[[AISystem], Any]:
    """`value`, with the texts it writes in the card's language rather than the reader's."""

    @wraps(value)
    def in_language(system: AISystem) -> Any:
        with translation.override(system.locale.language_code):
            return value(system)

    return in_language
