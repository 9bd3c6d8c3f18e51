"""The UK Algorithmic Transparency Recording Standard (ATRS): the tier 1 summary and the tier 2
sections, under the template's own field names (GOV.UK, "Algorithmic Transparency Recording
Standard template", version 3.0). The record is in the card's language, named in `language`.
"""

from typing import Any

from consult.consultations.models import AISystem, DataCategory, LifecyclePhase
from consult.registers.fields import RecordField, build, field
from consult.registers.fields import missing as missing_from

STANDARD = "Algorithmic Transparency Recording Standard"
STANDARD_VERSION = "3.0"

PHASE = {
    LifecyclePhase.PROPOSED: "Pre-deployment",
    LifecyclePhase.PILOT: "Beta/Pilot",
    LifecyclePhase.DEPLOYED: "Production",
    LifecyclePhase.RETIRED: "Retired",
}


def _impact_assessments(system: AISystem) -> list[dict[str, str]]:
    return [
        {"assessment_title": block.value["title"], "assessment_link": block.value["url"]}
        for block in system.impact_assessment_links
    ]


def _sensitive_attributes(system: AISystem) -> list[str]:
    return [str(DataCategory(value).label) for value in system.data_categories]


# Section key -> its fields, in the template's order.
SECTIONS: dict[str, tuple[RecordField, ...]] = {
    "tier_1_summary": (
        field("name", "name", required=True),
        field("description", "plain_language_explainer", required=True),
        field("website", "website"),
        field("contact_email", "contact_email", required=True),
    ),
    "owner_and_responsibility": (
        field("organisation", "deploying_body", required=True),
        field("team", "responsible_team", required=True),
        field("senior_responsible_owner", "senior_responsible_owner", required=True),
        RecordField("third_party_involvement", lambda s: bool(s.supplier), ("supplier",)),
        field("external_supplier", "supplier"),
    ),
    "description_and_rationale": (
        field("detailed_description", "purpose", required=True),
        field("scope", "scope", required=True),
        field("out_of_scope", "not_for"),
        field("benefit", "benefits", required=True),
        field("previous_process", "previous_process"),
        field("alternatives_considered", "alternatives_considered", required=True),
    ),
    "decision_making_process": (
        field("process_integration", "process_integration", required=True),
        field("provided_information", "outputs", required=True),
        field("frequency_and_scale_of_usage", "people_affected", required=True),
        field("human_decisions_and_review", "human_oversight", required=True),
        field("required_training", "required_training"),
        field("appeals_and_review", "redress", required=True),
    ),
    "tool_specification": (
        field("system_architecture", "model_type", required=True),
        RecordField("phase", lambda s: PHASE[s.lifecycle_phase], ("lifecycle_phase",)),
        field("maintenance", "maintenance", required=True),
        field("data_description", "data_sources", required=True),
        RecordField("sensitive_attributes", _sensitive_attributes, ("data_categories",)),
        field("source_code_url", "source_code_url"),
    ),
    "risks_mitigations_and_impact_assessments": (
        RecordField("impact_assessments", _impact_assessments, ("impact_assessment_links",)),
        field("risks", "risks_and_mitigations", required=True),
        field("legal_basis", "legal_basis", required=True),
    ),
}


def record(system: AISystem) -> dict[str, Any]:
    sections = {key: build(fields, system) for key, fields in SECTIONS.items()}
    return {
        "standard": STANDARD,
        "standard_version": STANDARD_VERSION,
        "language": system.locale.language_code,
        "tier_1_summary": sections.pop("tier_1_summary"),
        "tier_2": sections,
    }


def missing(system: AISystem) -> list[str]:
    return [problem for fields in SECTIONS.values() for problem in missing_from(fields, system)]
