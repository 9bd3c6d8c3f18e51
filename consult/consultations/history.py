"""The public history of an AI system card: each published version and what it changed.

Read from Wagtail's own records (no table of ours): every publish writes a log entry pointing
at the revision it published, and each revision holds the card's fields as serialised data.
Comparing consecutive published revisions field by field tells what changed. Two queries,
whatever the number of versions shown.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField
from wagtail.models import ModelLogEntry

from consult.consultations import impact
from consult.consultations.aia import survey as aia_survey
from consult.consultations.fields import ChoiceListField
from consult.consultations.models import AISystem

HISTORY_LIMIT = 20
# Values of text fields longer than this are summarised as "changed" rather than quoted.
SHORT_TEXT = 200

# What the public sees on the card; Wagtail's bookkeeping fields are left out.
PUBLIC_FIELDS = (
    "name",
    "slug",
    "deploying_body",
    "supplier",
    "purpose",
    "scope",
    "not_for",
    "model_type",
    "lifecycle_phase",
    "decision_mode",
    "human_oversight",
    "redress",
    "data_categories",
    "data_sources",
    "people_affected",
    "affected_groups",
    "rights_at_risk",
    "is_remote_biometric_identification",
    "is_automated_content_moderation",
    "impact_assessment_links",
    "risks_and_mitigations",
    "maintenance",
    "plain_language_explainer",
    "benefits",
    "previous_process",
    "alternatives_considered",
    "process_integration",
    "outputs",
    "required_training",
    "contact_email",
    "website",
    "responsible_team",
    "senior_responsible_owner",
    "legal_basis",
    "publication_category",
    "start_date",
    "end_date",
    "source_code_url",
    *(question.field_name for question in impact.QUESTIONS),
    "aia_tool_version",
    "aia_obligations_done",
)


@dataclass(frozen=True)
class FieldChange:
    label: str
    # None when the field is long text: the change is noted, not quoted.
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class PublishedVersion:
    published_at: datetime
    first: bool
    changes: list[FieldChange] = field(default_factory=list)


def _display(model_field: models.Field, value) -> str | None:
    if isinstance(model_field, ChoiceListField):
        return ", ".join(model_field.labels(value or [])) or "—"
    if isinstance(model_field, models.BooleanField):
        return str(_("Yes") if value else _("No"))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "—"))
    if isinstance(model_field, StreamField | models.TextField):
        return None
    text = str(value or "")
    return (text or "—") if len(text) <= SHORT_TEXT else None


def changes(before: dict, after: dict) -> list[FieldChange]:
    """What the public sees changed between two revisions' contents."""
    found = []
    for name in PUBLIC_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        model_field = AISystem._meta.get_field(name)
        label = str(model_field.verbose_name).capitalize()
        found.append(FieldChange(label, _display(model_field, old), _display(model_field, new)))
    old_level, new_level = _level(before), _level(after)
    if old_level != new_level:
        found.insert(0, FieldChange(str(_("Impact level")), old_level.roman, new_level.roman))
    return found


def _level(content: dict) -> impact.ImpactLevel:
    if content.get("aia_answers"):
        return aia_survey.score(content["aia_answers"]).level
    answers = {q.key: content.get(q.field_name) or "" for q in impact.QUESTIONS}
    return impact.assess(answers).level


def published_entries(
    instance, *, limit: int = HISTORY_LIMIT
) -> list[tuple[ModelLogEntry, dict | None]]:
    """The log entries of the last `limit` publications of `instance` (a snippet with
    revisions), newest first, each with the content it replaced (None for the first ever)."""
    entries = list(
        ModelLogEntry.objects.for_instance(instance)
        .filter(action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")[: limit + 1]
    )
    entries.reverse()
    # The oldest is fetched only to diff the oldest shown version against, when there are more.
    start = 1 if len(entries) > limit else 0
    pairs = [
        (entry, entries[index - 1].revision.content if index else None)
        for index, entry in enumerate(entries)
        if index >= start
    ]
    pairs.reverse()
    return pairs


def published_history(system: AISystem, *, limit: int = HISTORY_LIMIT) -> list[PublishedVersion]:
    """The last `limit` published versions of `system`, newest first."""
    return [
        PublishedVersion(
            published_at=entry.timestamp,
            first=previous is None,
            changes=changes(previous, entry.revision.content) if previous else [],
        )
        for entry, previous in published_entries(system, limit=limit)
    ]
