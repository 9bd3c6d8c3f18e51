"""The whole register as data: every published card, in every language, one row each, with
links to the card and to each standard's record. The JSON's schema is published beside it
(/ai-systems.schema.json); the CSV has the same columns in the same order."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from consult.consultations.models import AISystem
from consult.registers.fields import system_url
from consult.registers.standards import STANDARDS


def published_systems() -> QuerySet:
    """Every published card in every language: one query, whatever their number."""
    return (
        AISystem.objects.filter(live=True)
        .select_related("locale")
        .order_by("slug", "locale__language_code", "pk")
    )


def record_url(system: AISystem, standard_slug: str) -> str:
    return system_url(system, f"registers:{standard_slug}")


# Column -> its JSON Schema type and its value; the `_url` columns hold paths, made absolute
# for the request that asks.
COLUMNS: dict[str, tuple[str, Callable[[AISystem], Any]]] = {
    "slug": ("string", lambda s: s.slug),
    "language": ("string", lambda s: s.locale.language_code),
    "name": ("string", lambda s: s.name),
    "deploying_body": ("string", lambda s: s.deploying_body),
    "supplier": ("string", lambda s: s.supplier),
    "lifecycle_phase": ("string", lambda s: s.lifecycle_phase),
    "decision_mode": ("string", lambda s: s.decision_mode),
    "impact_level": ("integer", lambda s: int(s.assessment.level)),
    "remote_biometric_identification": ("boolean", lambda s: s.is_remote_biometric_identification),
    "automated_content_moderation": ("boolean", lambda s: s.is_automated_content_moderation),
    "publication_category": ("string", lambda s: s.publication_category),
    "contact_email": ("string", lambda s: s.contact_email),
    "last_published_at": ("string", lambda s: s.last_published_at.isoformat()),
    "card_url": ("string", system_url),
    **{
        # A column name, not an address: eu_registration_url for the eu-registration record.
        f"{standard.slug.replace('-', '_')}_url": (
            "string",
            lambda s, slug=standard.slug: record_url(s, slug),
        )
        for standard in STANDARDS
    },
}


def _is_url(column: str) -> bool:
    return column.endswith("_url")


def rows(systems, absolute: Callable[[str], str]) -> list[dict[str, Any]]:
    return [
        {
            column: absolute(value(system)) if _is_url(column) else value(system)
            for column, (_kind, value) in COLUMNS.items()
        }
        for system in systems
    ]


def schema(absolute: Callable[[str], str]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of /ai-systems.json."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": absolute(reverse("registers:schema")),
        "title": "Consult: register of AI systems",
        "type": "object",
        "required": ["count", "systems"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "systems": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": list(COLUMNS),
                    "additionalProperties": False,
                    "properties": {
                        column: {"type": kind, **({"format": "uri"} if _is_url(column) else {})}
                        for column, (kind, _value) in COLUMNS.items()
                    },
                },
            },
        },
    }
