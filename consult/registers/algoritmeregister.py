"""The Dutch Algoritmeregister's publication standard, version 1.0.0: one record per card.

Field names, limits and permitted values are the standard's (MinBZK/Algoritmeregister,
frontend/public/standards/v1_0_0.json). The standard admits only Dutch (`lang` "nld"); our
records are in English or French and say so with their own ISO 639-3 code (docs/registers.md).
"""

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from consult.accountability.queries import assessment_for_register
from consult.consultations.aia import facts as aia_facts
from consult.consultations.models import AISystem, LifecyclePhase, PublicationCategory
from consult.registers.fields import (
    RecordField,
    build,
    field,
    in_card_language,
    iso_639_3,
    month,
    public_url,
    text,
)
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
# The standard's policy areas ("Thema") that one of our answers names beyond doubt: the areas
# of decision the official AIA ticks, else the card's own question on the area of decision.
# Answers spanning several areas (the AIA's economic interests, access and mobility,
# licensing, employment; our benefits, public information, policing-to-justice) name none.
CATEGORY_FOR_SECTOR = {
    aia_facts.Sector.HEALTH: "Zorg en gezondheid",
    aia_facts.Sector.SOCIAL_ASSISTANCE: "Sociale zekerheid",
    aia_facts.Sector.PUBLIC_SAFETY: "Openbare orde en veiligheid",
}
CATEGORY_FOR_DECISION_AREA = {"internal": "Organisatie en bedrijfsvoering"}


@in_card_language
def _linked_assessments(system: AISystem) -> list[tuple[str, str]]:
    """Each impact assessment of the system the public can read: the card's links, then its
    fundamental rights impact assessment once published."""
    links = system.impact_assessment_links
    linked = [(block.value["title"], block.value["url"]) for block in links]
    if assessment_for_register(system=system, locale=system.locale) is not None:
        linked.append(
            (_("Fundamental rights impact assessment"), public_url(system, "accountability:fria"))
        )
    return linked


def _impact_assessments(system: AISystem) -> list[dict[str, str]]:
    return [{"title": title, "link": link} for title, link in _linked_assessments(system)]


def _categories(system: AISystem) -> list[str]:
    if system.aia_answers:
        sectors = aia_facts.sectors(system.aia_answers)
        return [CATEGORY_FOR_SECTOR[sector] for sector in sectors if sector in CATEGORY_FOR_SECTOR]
    area = CATEGORY_FOR_DECISION_AREA.get(system.impact_decision_area)
    return [area] if area else []


@in_card_language
def _impact_assessment_notes(system: AISystem) -> str:
    """The system's impact assessments, named (their links are in impacttoetsen_grouping):
    the one the card's level comes from, then each the public can read."""
    level = system.assessment.level.label
    if system.assessment.official:
        origin = _(
            "Algorithmic Impact Assessment of the Government of Canada, official tool "
            "%(version)s: %(level)s"
        ) % {"version": system.aia_tool_version, "level": level}
    else:
        origin = _(
            "Consult's impact questionnaire, modelled on Canada's Algorithmic Impact "
            "Assessment: %(level)s"
        ) % {"level": level}
    titles = [origin, *(title for title, _link in _linked_assessments(system))]
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((t,) for t in titles)))


@in_card_language
def _tags(system: AISystem) -> str:
    # Search terms, comma-separated as the standard asks: the rights at risk, the data used.
    return ", ".join([*system.rights_at_risk_labels, *system.data_category_labels])


def _nothing_to_draw_from(empty):
    """A field of the standard the card holds nothing faithful for (docs/registers.md)."""
    return lambda system: empty


FIELDS = (
    field("name", "name", required=True, max_length=100),
    field("description_short", "purpose", required=True, max_length=350),
    field("organization", "deploying_body", required=True, max_length=100),
    RecordField("category", _categories, ("impact_decision_area",)),
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
    # A card being created has no slug, so no address, until it is first saved.
    RecordField("url", public_url, ("slug",)),
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
    RecordField("lawful_basis_grouping", _nothing_to_draw_from([])),
    RecordField("process_index_url", _nothing_to_draw_from("")),
    RecordField("impacttoetsen_grouping", _impact_assessments, ("impact_assessment_links",)),
    RecordField(
        "impacttoetsen",
        _impact_assessment_notes,
        ("impact_assessment_links",),
        max_length=LONG_TEXT,
    ),
    field("source_data", "data_sources", required=True, max_length=LONG_TEXT),
    RecordField("source_data_grouping", _nothing_to_draw_from([])),
    field("methods_and_models", "model_type", max_length=5000),
    field("provider", "supplier", max_length=200),
    field("publiccode", "source_code_url", max_length=500),
    RecordField("lang", iso_639_3, required=True),
    RecordField("standard_version", lambda s: STANDARD_VERSION),
    field("source_id", "slug", max_length=100),
    RecordField("tags", _tags, ("rights_at_risk", "data_categories"), max_length=LONG_TEXT),
)


def record(system: AISystem) -> dict[str, Any]:
    return build(FIELDS, system)


def missing(system: AISystem) -> list[str]:
    return missing_from(FIELDS, system)
