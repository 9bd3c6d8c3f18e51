"""The registers a card is published to, each with its record and what it still lacks.

One line a standard: a record function and a missing function, both taking the card. Its
record is served at /ai-systems/<slug>/<slug of the standard>.json, linked from the register
(/ai-systems.json and .csv), and the card's editor lists what each still lacks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from consult.accountability.eu_registration import eu_registration_missing, eu_registration_record
from consult.consultations.models import AISystem
from consult.registers import algoritmeregister, atrs


@dataclass(frozen=True)
class Standard:
    slug: str
    name: str | Promise
    record: Callable[[AISystem], dict[str, Any]]
    missing: Callable[[AISystem], list[str]]


STANDARDS = (
    Standard(
        "algoritmeregister",
        _("Dutch Algoritmeregister (publication standard 1.0.0)"),
        algoritmeregister.record,
        algoritmeregister.missing,
    ),
    Standard(
        "atrs",
        _("UK Algorithmic Transparency Recording Standard"),
        atrs.record,
        atrs.missing,
    ),
    Standard(
        "eu-registration",
        _("EU AI Act database registration (Annex VIII, section C)"),
        lambda system: eu_registration_record(system, base_url=settings.WAGTAILADMIN_BASE_URL),
        eu_registration_missing,
    ),
)
STANDARDS_BY_SLUG = {standard.slug: standard for standard in STANDARDS}
