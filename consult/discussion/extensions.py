"""What the apps above the discussion add to its reads, registered from their
AppConfig.ready(): a page of comments shows the moderators' notes and the reader's reports, and
the one query of the page's reader reads whether they follow the consultation, all without
importing the apps that keep them (docs/architecture.md, "Packages and their layers").
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from consult.consultations.models import ConsultationPage
from consult.core.viewer import Viewer

# Functions of {comment id: its state, "held" or "hidden"} returning {comment id: the
# threads' ModerationNote}, why each is so.
_note_readers: list[Callable[[dict[int, str]], dict]] = []


def register_note_reader(reader: Callable[[dict[int, str]], dict]) -> None:
    if reader not in _note_readers:
        _note_readers.append(reader)


def moderation_notes(held_or_hidden: dict[int, str]) -> dict:
    notes = {}
    for reader in _note_readers:
        notes.update(reader(held_or_hidden))
    return notes


# Functions of (user id, comment ids) returning the rows, each with a `comment_id`, of those
# comments the user reported: read with the user's reactions, in the same round trip.
_report_readers: list[Callable[[int, list[int]], QuerySet]] = []


def register_report_reader(reader: Callable[[int, list[int]], QuerySet]) -> None:
    if reader not in _report_readers:
        _report_readers.append(reader)


def reports(user_id: int, comment_ids: list[int]) -> Iterable[QuerySet]:
    return (reader(user_id, comment_ids) for reader in _report_readers)


@dataclass(frozen=True)
class ReaderFact:
    """A fact about the consultation page's reader, read in the discussion's one query of
    them (viewer_facts): `sql()` is an SQL value over the reader's row `u` and the named
    parameter `consultation`; `remember(viewer, consultation, value)` gives it to the viewer."""

    sql: Callable[[], str]
    remember: Callable[[Viewer, ConsultationPage, Any], None]


_reader_facts: list[ReaderFact] = []


def register_reader_fact(fact: ReaderFact) -> None:
    if fact not in _reader_facts:
        _reader_facts.append(fact)


def reader_facts() -> tuple[ReaderFact, ...]:
    return tuple(_reader_facts)
