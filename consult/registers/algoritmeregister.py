"""The Dutch Algoritmeregister's publication standard, version 1.0.0: one record per card.

Field names, limits and permitted values are the standard's (MinBZK/Algoritmeregister,
frontend/public/standards/v1_0_0.json). The standard admits only Dutch (`lang` "nld"); our
records are in English or French and say so with their own ISO 639-3 code (docs/registers.md).
"""

from typing import Any

from consult.consultations.models import AISystem, LifecyclePhase, PublicationCategory
from consult.registers.fields import RecordField, build, field, iso_639_3, month, text
from consult.registers.fields import missing as missing_from

STANDARD_VERSION = "1.0.0"

# "In ontwikkeling" is for systems not yet used on anyone; a pilot is in use.
STATUS = {
    LifecyclePhase.PROPOSED: "In ontwikkeling",
    LifecyclePhase.PILOT: "In gebruik",
    LifecyclePhase.DEPLOYED: "In gebruik",
    LifecyclePhase.RETIRED: "Buiten gebruik",
}
PUBLICATION_CATEGORY = {
    PublicationCategory.HIGH_RISK: "Hoog-risico AI-systeem",
    PublicationCategory.IMPACTFUL: "Impactvolle algoritmes",
    PublicationCategory.OTHER: "Overige algoritmes",
}
LONG_TEXT = 2500


def _impact_assessments(system: AISystem) -> list[dict[str, str]]:
    return [
        {"title": block.value["title"], "link": block.value["url"]}
        for block in system.impact_assessment_links
    ]


FIELDS = (
    field("name", "name", required=True, max_length=100),
    field("description_short", "purpose", required=True, max_length=350),
    field("organization", "deploying_body", required=True, max_length=100),
    RecordField("status", lambda s: STATUS[s.lifecycle_phase], ("lifecycle_phase",), required=True),
    RecordField("begin_date", lambda s: month(s.start_date), ("start_date",)),
    RecordField("end_date", lambda s: month(s.end_date), ("end_date",)),
    field("contact_email", "contact_email", required=True, max_length=500),
    field("website", "website", max_length=500),
    RecordField(
        "publication_category",
        lambda s: PUBLICATION_CATEGORY.get(s.publication_category, ""),
        ("publication_category",),
        required=True,
    ),
    field("goal", "plain_language_explainer", required=True, max_length=LONG_TEXT),
    RecordField(
        "proportionality",
        text("benefits", "alternatives_considered"),
        ("benefits", "alternatives_considered"),
        required=True,
        max_length=LONG_TEXT,
    ),
    field("human_intervention", "human_oversight", required=True, max_length=LONG_TEXT),
    field("risks", "risks_and_mitigations", required=True, max_length=LONG_TEXT),
    field("lawful_basis", "legal_basis", max_length=LONG_TEXT),
    RecordField("impacttoetsen_grouping", _impact_assessments, ("impact_assessment_links",)),
    field("source_data", "data_sources", required=True, max_length=LONG_TEXT),
    field("methods_and_models", "model_type", max_length=5000),
    field("provider", "supplier", max_length=200),
    field("publiccode", "source_code_url", max_length=500),
    RecordField("lang", iso_639_3, required=True),
    RecordField("standard_version", lambda s: STANDARD_VERSION),
    field("source_id", "slug", max_length=100),
)


def record(system: AISystem) -> dict[str, Any]:
    return build(FIELDS, system)


def missing(system: AISystem) -> list[str]:
    return missing_from(FIELDS, system)
