"""The deployer's registration of a high-risk AI system in the EU database: the five items of
the EU AI Act's Annex VIII, section C (Art. 49(3)), drawn from the system's published
fundamental rights impact assessment.

1. the deployer's name, address and contact details;
2. the name, address and contact details of the person submitting on its behalf;
3. the URL of the system's entry in the EU database, registered by its provider;
4. a summary of the findings of the fundamental rights impact assessment (Art. 27);
5. a summary of the data protection impact assessment (Art. 35 GDPR or Art. 27 of Directive
   2016/680), where applicable.

The record is checked against schemas/eu_registration.schema.json, whose required fields are
these items. `eu_registration_missing` names what keeps a record from being complete, for the
register's list of missing fields per standard.
"""

import json
from pathlib import Path

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consult.accountability.models import FundamentalRightsAssessment
from consult.accountability.queries import assessment_for_register
from consult.consultations.models import AISystem

SCHEMA_PATH = Path(__file__).parent / "schemas" / "eu_registration.schema.json"
STANDARD = "EU AI Act (Regulation (EU) 2024/1689), Annex VIII, Section C"

# (record key, model field) per contact; the name and address are required, one way to
# reach them (email or phone) too.
CONTACT_FIELDS = (("name", "name"), ("address", "address"), ("email", "email"), ("phone", "phone"))


def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _assessment(system: AISystem) -> FundamentalRightsAssessment | None:
    return assessment_for_register(system=system, locale=system.locale)


def _contact(assessment: FundamentalRightsAssessment, prefix: str) -> dict:
    return {key: getattr(assessment, f"{prefix}_{name}") or None for key, name in CONTACT_FIELDS}


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}"


def eu_registration_record(system: AISystem, *, base_url: str = "") -> dict:
    """The section C record of `system` in its own language; `base_url` makes the links to
    this site absolute. Items the deployer has not filled are null (the schema refuses
    them); without a published assessment every item is."""
    assessment = _assessment(system)
    empty_contact = dict.fromkeys(key for key, _name in CONTACT_FIELDS)
    with translation.override(system.locale.language_code):
        register_url = _absolute(base_url, system.get_absolute_url())
        fria_url = (
            _absolute(base_url, reverse("accountability:fria", kwargs={"slug": system.slug}))
            if assessment
            else None
        )
    return {
        "standard": STANDARD,
        "language": system.locale.language_code,
        "ai_system": {"name": system.name, "register_url": register_url},
        "deployer": _contact(assessment, "deployer") if assessment else empty_contact,
        "submitter": _contact(assessment, "submitter") if assessment else empty_contact,
        "provider_database_entry_url": (assessment and assessment.provider_registration_url)
        or None,
        "fundamental_rights_impact_assessment": {
            "summary": (assessment and assessment.findings_summary) or None,
            "url": fria_url,
        },
        "data_protection_impact_assessment": {
            "applicable": assessment.dpia_applicable if assessment else True,
            "summary": (assessment and assessment.dpia_summary) or None,
        },
        "missing": _missing(assessment),
    }


def eu_registration_missing(system: AISystem) -> list[str]:
    """What the record of `system` still lacks, in the active language's words; empty when
    it is complete."""
    return _missing(_assessment(system))


def _missing(assessment: FundamentalRightsAssessment | None) -> list[str]:
    if assessment is None:
        return [_("a published fundamental rights impact assessment")]
    missing = []
    for prefix in ("deployer", "submitter"):
        for name in ("name", "address"):
            if not getattr(assessment, f"{prefix}_{name}"):
                missing.append(_field_label(f"{prefix}_{name}"))
        if not (getattr(assessment, f"{prefix}_email") or getattr(assessment, f"{prefix}_phone")):
            missing.append(_field_label(f"{prefix}_email"))
    for name in ("provider_registration_url", "findings_summary"):
        if not getattr(assessment, name):
            missing.append(_field_label(name))
    if assessment.dpia_applicable and not assessment.dpia_summary:
        missing.append(_field_label("dpia_summary"))
    return missing


def _field_label(name: str) -> str:
    return str(FundamentalRightsAssessment._meta.get_field(name).verbose_name)
