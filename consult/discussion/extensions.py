"""What the apps above the discussion add to its reads, registered from their
AppConfig.ready(): a page of comments shows the moderators' notes and the reader's reports, and
the one query of the page's reader reads whether they follow the consultation, all without
importing the apps that keep them (docs/architecture.md, "Packages and their layers").
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


# Functions returning a written-out SELECT of one column, the `comment_id` of each comment
# of the named parameter `comments` (consult.core.rows.ids_param) that the reader `reader`
# reported: read with the reader's reactions, in the same statement (viewer_marks).
_report_readers: list[Callable[[], str]] = []


def register_report_reader(sql: Callable[[], str]) -> None:
    if sql not in _report_readers:
        _report_readers.append(sql)


def reports_sql() -> tuple[str, ...]:
    return tuple(sql() for sql in _report_readers)


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
