"""CSV, JSON and XLSX encodings of the export rows, each produced piece by piece.

Spreadsheets get one column per question, headed by its text in the export's language, with
choices as their labels; their metadata goes in a file (CSV) or sheet (XLSX) of its own, so
the first line of the contributions is their header. JSON keeps both the ids and the labels.

Spreadsheets run a cell that starts with =, +, - or @ (or a tab or carriage return before
one) as a formula: a participant could write `=HYPERLINK(...)` and have an analyst's
spreadsheet call out. `neutralise` prefixes such text with a single quote in CSV and XLSX;
JSON keeps the text as written (no spreadsheet reads it).
"""

import csv
import json
import tempfile
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.consultations.models import ConsultationPage
from consult.exports.queries import COLUMNS
from consult.questionnaires.questions import LONG_TEXT, SCALE, Question, answer_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Rows per piece of a streamed CSV or JSON body: big enough to keep the overhead low,
# small enough that memory stays flat.
ROWS_PER_PIECE = 500
XLSX_READ_SIZE = 64 * 1024


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def metadata(consultation: ConsultationPage) -> dict[str, str]:
    return {
        "consultation": consultation.title,
        "consultation_id": str(consultation.pk),
        "exported_at": timezone.now().isoformat(),
        "ai_training": str(NO_AI_TRAINING_STATEMENT),
        "participants": _(
            "Each participant appears under a pseudonym that is the same throughout this "
            "consultation's export and nowhere else; no names or email addresses."
        ),
        "research_use": _(
            "research_use is the author's consent to the open research data: share a row "
            "outside the public body only when it is true."
        ),
    }


def question_headers(questions: list[Question]) -> list[str]:
    """Each question's text, numbered when two questions read the same (a header must
    name one column)."""
    prompts = [question.prompt for question in questions]
    return [
        neutralise(f"{question.prompt} ({question.number})" if prompts.count(question.prompt) > 1
                   else question.prompt)
        for question in questions
    ]  # fmt: skip


def _answer_cells(questions: list[Question], answers: dict) -> list[str]:
    if not answers:
        return [""] * len(questions)
    return ["; ".join(row.labels) or row.text for row in answer_rows(questions, answers)]


def _cells(row: dict, questions: list[Question]) -> list:
    cells = [row[column] for column in COLUMNS] + _answer_cells(questions, row["answers"])
    return [neutralise(cell) for cell in cells]


def _answers_as_json(questions: list[Question], answers: dict) -> dict:
    """Per question id: the stored value (choice indexes, a scale point, text) and what
    the participant read (labels, or the text again)."""
    out = {}
    for row in answer_rows(questions, answers):
        if row.answered:
            out[row.question.id] = {"value": answers[row.question.id], "label": _label(row)}
    return out


def _label(row) -> str | list[str]:
    if row.question.kind in (LONG_TEXT, SCALE):
        return row.text
    return list(row.labels)


def _questions_as_json(questions: list[Question]) -> list[dict]:
    return [
        {
            "id": question.id,
            "number": question.number,
            "kind": question.kind,
            "text": question.prompt,
            "choices": [{"index": i, "label": label} for i, label in enumerate(question.choices)],
        }
        for question in questions
    ]


def metadata_csv(consultation: ConsultationPage) -> bytes:
    """The export's metadata as a two-column CSV, a file of its own beside the rows."""
    writer = csv.writer(_Line())
    lines = ["\ufeff", writer.writerow([_("field"), _("value")])]
    lines += [
        writer.writerow([key, neutralise(value)]) for key, value in metadata(consultation).items()
    ]
    return "".join(lines).encode()


class _Line:
    """A file-like object whose write returns what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_pieces(questions: list[Question], rows: Iterable[dict]) -> Iterator[bytes]:
    """A header (the columns, then the questions' texts), then the rows."""
    writer = csv.writer(_Line())
    # A byte-order mark so spreadsheet programs read the UTF-8 as such.
    yield ("\ufeff" + writer.writerow([*COLUMNS, *question_headers(questions)])).encode()
    piece = []
    for row in rows:
        piece.append(writer.writerow(_cells(row, questions)))
        if len(piece) == ROWS_PER_PIECE:
            yield "".join(piece).encode()
            piece = []
    yield "".join(piece).encode()


def json_pieces(
    consultation: ConsultationPage, questions: list[Question], rows: Iterable[dict]
) -> Iterator[bytes]:
    """{"meta": {...}, "columns": [...], "questions": [...], "contributions": [{...}, ...]};
    a response's "answers" map question ids to {"value": as stored, "label": as read}."""
    head = {
        "meta": metadata(consultation),
        "columns": [*COLUMNS, "answers"],
        "questions": _questions_as_json(questions),
    }
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "contributions": [').encode()
    piece = []
    separator = ""
    for row in rows:
        row = row | {"answers": _answers_as_json(questions, row["answers"])}
        piece.append(separator + json.dumps(row, ensure_ascii=False))
        separator = ",\n"
        if len(piece) == ROWS_PER_PIECE:
            yield "".join(piece).encode()
            piece = []
    piece.append("]}\n")
    yield "".join(piece).encode()


def xlsx_file(consultation: ConsultationPage, questions: list[Question], rows: Iterable[dict]):
    """A temporary file holding the workbook (deleted when closed): a sheet of contributions
    and one about the export. openpyxl's write-only mode writes rows out as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("contributions")
    sheet.append([*COLUMNS, *question_headers(questions)])
    for row in rows:
        sheet.append(_cells(row, questions))
    about = workbook.create_sheet("about")
    for key, value in metadata(consultation).items():
        about.append([key, neutralise(value)])
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by file_pieces)
    workbook.save(out)
    out.seek(0)
    return out


def file_pieces(file) -> Iterator[bytes]:
    with file:
        while chunk := file.read(XLSX_READ_SIZE):
            yield chunk
