"""The public history of an assessment: each published version, what it changed, and whether
it came after the consultation closed (what the public said changing the assessment, or not).

Read from Wagtail's records, as the card's history is: each publish logs the revision it
published. Text is long, so a changed text is named, not quoted; the listed groups and risks
are compared item by item (by their block id), naming what was added, removed or changed.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from consult.accountability.models import TEXT_ELEMENTS, FundamentalRightsAssessment
from consult.consultations.history import published_entries

TEXT_FIELDS = (*TEXT_ELEMENTS, "complaint_links", "findings_summary")
LIST_FIELDS = ("affected_groups", "risks")


@dataclass(frozen=True)
class Change:
    label: str
    # "changed" for a text; "added", "removed" or "revised" for an item of a list, named.
    kind: str
    item: str = ""


@dataclass(frozen=True)
class PublishedVersion:
    published_at: datetime
    first: bool
    after_consultation: bool
    changes: list[Change] = field(default_factory=list)


def _label(name: str) -> str:
    return str(FundamentalRightsAssessment._meta.get_field(name).verbose_name)


def _items(raw) -> dict[str, dict]:
    """A stream as a revision stores it (a JSON text, or already a list): items by id."""
    blocks = json.loads(raw) if isinstance(raw, str) else raw or []
    return {block["id"]: block["value"] for block in blocks}


def _list_changes(name: str, before, after) -> list[Change]:
    old, new = _items(before), _items(after)
    label = _label(name)
    changes = [Change(label, "added", new[key]["name"]) for key in new if key not in old]
    changes += [Change(label, "removed", old[key]["name"]) for key in old if key not in new]
    changes += [
        Change(label, "revised", new[key]["name"])
        for key in new
        if key in old and old[key] != new[key]
    ]
    return changes


def _diff(before: dict, after: dict) -> list[Change]:
    changes = [
        Change(_label(name), "changed")
        for name in TEXT_FIELDS
        if before.get(name) != after.get(name)
    ]
    for name in LIST_FIELDS:
        changes += _list_changes(name, before.get(name), after.get(name))
    return changes


def published_history(
    assessment: FundamentalRightsAssessment, *, closed_at: datetime | None
) -> list[PublishedVersion]:
    """The last published versions, newest first; `closed_at` is when the cited consultation
    closed (None: no consultation, or still open)."""
    return [
        PublishedVersion(
            published_at=entry.timestamp,
            first=previous is None,
            after_consultation=closed_at is not None and entry.timestamp > closed_at,
            changes=_diff(previous, entry.revision.content) if previous else [],
        )
        for entry, previous in published_entries(assessment)
    ]
