"""CSV, JSON and XLSX encodings of the export rows, each produced piece by piece.

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


class _Line:
    """A file-like object whose write returns what it was given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_pieces(consultation: ConsultationPage, rows: Iterable[dict]) -> Iterator[bytes]:
    """The metadata as leading `#` lines, a header, then the rows."""
    writer = csv.writer(_Line())
    # A byte-order mark so spreadsheet programs read the UTF-8 as such.
    head = ["\ufeff"]
    for key, value in metadata(consultation).items():
        head.append(writer.writerow([f"# {key}: {value}"]))
    head.append(writer.writerow(COLUMNS))
    yield "".join(head).encode()
    piece = []
    for row in rows:
        piece.append(writer.writerow([neutralise(row[column]) for column in COLUMNS]))
        if len(piece) == ROWS_PER_PIECE:
            yield "".join(piece).encode()
            piece = []
    yield "".join(piece).encode()


def json_pieces(consultation: ConsultationPage, rows: Iterable[dict]) -> Iterator[bytes]:
    """{"meta": {...}, "columns": [...], "contributions": [{...}, ...]}"""
    meta = json.dumps(metadata(consultation), ensure_ascii=False)
    yield f'{{"meta": {meta}, "columns": {json.dumps(COLUMNS)}, "contributions": ['.encode()
    piece = []
    separator = ""
    for row in rows:
        piece.append(separator + json.dumps(row, ensure_ascii=False))
        separator = ",\n"
        if len(piece) == ROWS_PER_PIECE:
            yield "".join(piece).encode()
            piece = []
    piece.append("]}\n")
    yield "".join(piece).encode()


def xlsx_file(consultation: ConsultationPage, rows: Iterable[dict]):
    """A temporary file holding the workbook (deleted when closed): a sheet of contributions
    and one about the export. openpyxl's write-only mode writes rows out as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("contributions")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([neutralise(row[column]) for column in COLUMNS])
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
