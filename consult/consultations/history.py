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
    "plain_language_explainer",
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


def _diff(before: dict, after: dict) -> list[FieldChange]:
    changes = []
    for name in PUBLIC_FIELDS:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        model_field = AISystem._meta.get_field(name)
        label = str(model_field.verbose_name).capitalize()
        changes.append(FieldChange(label, _display(model_field, old), _display(model_field, new)))
    old_level, new_level = _level(before), _level(after)
    if old_level != new_level:
        changes.insert(0, FieldChange(str(_("Impact level")), old_level.roman, new_level.roman))
    return changes


def _level(content: dict) -> impact.ImpactLevel:
    if content.get("aia_answers"):
        return aia_survey.score(content["aia_answers"]).level
    answers = {q.key: content.get(q.field_name) or "" for q in impact.QUESTIONS}
    return impact.assess(answers).level


def published_history(system: AISystem, *, limit: int = HISTORY_LIMIT) -> list[PublishedVersion]:
    """The last `limit` published versions of `system`, newest first."""
    entries = list(
        ModelLogEntry.objects.for_instance(system)
        .filter(action="wagtail.publish", revision__isnull=False)
        .select_related("revision")
        .order_by("-timestamp", "-pk")[: limit + 1]
    )
    entries.reverse()
    versions = []
    for index, entry in enumerate(entries):
        if index == 0 and len(entries) > limit:
            continue  # fetched only to diff the oldest shown version against
        previous = entries[index - 1].revision.content if index else None
        versions.append(
            PublishedVersion(
                published_at=entry.timestamp,
                first=previous is None,
                changes=_diff(previous, entry.revision.content) if previous else [],
            )
        )
    versions.reverse()
    return versions
