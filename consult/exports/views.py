"""The analysts' exports, in the Wagtail admin (so its sign-in and the staff MFA rule apply
before these views run); each view checks `can_export` itself too.

CSV and JSON stream as their rows are read. An XLSX workbook is a zip written at its end, so
it cannot: a large consultation took 17-43 s before the first byte, past proxies' timeouts.
It is built in the background instead, whatever the consultation's size (one path, and a
small one is ready by the page's first refresh); its page says it is being prepared, then
offers the download, and the editor is notified.
"""

from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.privacy.models import ExportState
from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.consultations.access import can_read, readable_consultations
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation, one_per_consultation
from consult.exports import formats, services
from consult.exports.models import SpreadsheetExport
from consult.exports.permissions import can_export
from consult.exports.queries import contribution_rows, export_questions

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# How often the page of a spreadsheet being prepared reloads itself.
REFRESH_SECONDS = 5


def export_url(page_id: int, kind: str) -> str:
    if kind == "xlsx":
        return reverse("exports_spreadsheet_request", args=[page_id])
    return reverse("exports_contributions", args=[page_id, kind])


def _refuse_unless_allowed(request: HttpRequest) -> None:
    if not can_export(request.user):
        raise PermissionDenied(
            _("Only editors with two-factor authentication turned on can export contributions.")
        )


async def _async_pieces(pieces: Iterator[bytes]) -> AsyncIterator[bytes]:
    # Under ASGI Django would read a plain iterator whole into memory before sending it;
    # pulled one piece at a time (in the request's thread, where its cursor lives) it streams.
    done = object()
    step = sync_to_async(next, thread_sensitive=True)
    while (piece := await step(pieces, done)) is not done:
        yield piece


def _streamed(request: HttpRequest, pieces: Iterator[bytes], *, kind: str, filename: str):
    content = _async_pieces(pieces) if isinstance(request, ASGIRequest) else pieces
    response = StreamingHttpResponse(content, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _consultation(request: HttpRequest, page_id: int) -> ConsultationPage:
    page = ConsultationPage.objects.with_id(page_id).select_related("locale").first()
    if page is None or not can_read(request, page, drafts=True):
        raise Http404
    consultation = canonical_consultation(page)
    if not can_read(request, consultation, drafts=True):
        raise Http404
    return consultation


def _filename(consultation: ConsultationPage, kind: str) -> str:
    return f"{slugify(consultation.title)[:60] or 'consultation'}-contributions.{kind}"


def export_index(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request)
    # One row per consultation: a translation's contributions are its source's.
    consultations = list(
        one_per_consultation(readable_consultations(request, drafts=True))
        .filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("-opens_at", "-pk")
    )
    for consultation in consultations:
        consultation.export_links = [
            (kind.upper(), export_url(consultation.pk, kind)) for kind in CONTENT_TYPES
        ]
        consultation.metadata_url = reverse("exports_metadata", args=[consultation.pk])
    return render(
        request,
        "exports/index.html",
        {"consultations": consultations, "statement": NO_AI_TRAINING_STATEMENT},
    )


def export_contributions(request: HttpRequest, page_id: int, kind: str) -> HttpResponse:
    _refuse_unless_allowed(request)
    if kind not in CONTENT_TYPES:
        raise Http404
    if kind == "xlsx":
        return redirect("exports_spreadsheet_request", page_id=page_id)
    consultation = _consultation(request, page_id)
    questions = export_questions(consultation)
    rows = contribution_rows(consultation)
    if kind == "csv":
        pieces = formats.csv_pieces(questions, rows)
    else:
        pieces = formats.json_pieces(consultation, questions, rows)
    return _streamed(request, pieces, kind=kind, filename=_filename(consultation, kind))


def export_metadata(request: HttpRequest, page_id: int) -> HttpResponse:
    """What the CSV's rows are (when, what they may be used for): a file of its own so that
    the contributions' first line is their header."""
    _refuse_unless_allowed(request)
    consultation = _consultation(request, page_id)
    response = HttpResponse(formats.metadata_csv(consultation), content_type=CONTENT_TYPES["csv"])
    filename = _filename(consultation, "csv").replace("-contributions.", "-about.")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def spreadsheet_request(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: what the spreadsheet is and the editor's recent ones; POST: prepare one."""
    _refuse_unless_allowed(request)
    consultation = _consultation(request, page_id)
    if request.method == "POST":
        export = services.spreadsheet_export_request(user=request.user, consultation=consultation)
        return redirect("exports_spreadsheet", export_id=export.pk)
    recent = SpreadsheetExport.objects.filter(
        Q(state=ExportState.PENDING) | Q(state=ExportState.READY, expires_at__gt=timezone.now()),
        consultation=consultation,
        requested_by=request.user,
    )
    return render(
        request,
        "exports/spreadsheet_request.html",
        {"consultation": consultation, "recent": recent[:5]},
    )


def _own_spreadsheet(request: HttpRequest, export_id: int) -> SpreadsheetExport:
    _refuse_unless_allowed(request)
    export = (
        SpreadsheetExport.objects.select_related("consultation")
        .filter(pk=export_id, requested_by=request.user, consultation__isnull=False)
        .first()
    )
    # Another editor's, of a deleted consultation, or of one now restricted from them: not
    # even its existence is shown.
    if export is None or not can_read(request, export.consultation, drafts=True):
        raise Http404
    return export


def _downloadable(export: SpreadsheetExport) -> bool:
    # Until the retention run deletes the file, the expiry time alone ends the download.
    return export.state == ExportState.READY and export.expires_at > timezone.now()


@require_http_methods(["GET", "HEAD"])
def spreadsheet(request: HttpRequest, export_id: int) -> HttpResponse:
    """Being prepared (the page refreshes itself, with or without JavaScript), then ready."""
    export = _own_spreadsheet(request, export_id)
    return render(
        request,
        "exports/spreadsheet.html",
        {
            "export": export,
            "pending": export.state == ExportState.PENDING,
            "downloadable": _downloadable(export),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@require_http_methods(["GET", "HEAD"])
def spreadsheet_download(request: HttpRequest, export_id: int) -> StreamingHttpResponse:
    export = _own_spreadsheet(request, export_id)
    if not _downloadable(export):
        raise Http404
    pieces = formats.file_pieces(storages["private"].open(export.file_name, "rb"))
    filename = _filename(export.consultation, "xlsx")
    return _streamed(request, pieces, kind="xlsx", filename=filename)
