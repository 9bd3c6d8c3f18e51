"""The analysts' exports, in the Wagtail admin (so its sign-in and the staff MFA rule apply
before these views run); each view checks `can_export` itself too."""

from collections.abc import AsyncIterator, Iterator

from asgiref.sync import sync_to_async
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.exports import formats
from consult.exports.permissions import can_export
from consult.exports.queries import contribution_rows

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    response["Cache-Control"] = "no-store"
    return response


def _consultation(page_id: int) -> ConsultationPage:
    page = ConsultationPage.objects.filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise Http404
    return canonical_consultation(page)


def export_index(request: HttpRequest) -> HttpResponse:
    _refuse_unless_allowed(request)
    consultations = (
        ConsultationPage.objects.filter(alias_of__isnull=True)
        .select_related("locale")
        .order_by("-opens_at", "-pk")
    )
    return render(
        request,
        "exports/index.html",
        {
            "consultations": consultations,
            "formats": list(CONTENT_TYPES),
            "statement": NO_AI_TRAINING_STATEMENT,
        },
    )


def export_contributions(request: HttpRequest, page_id: int, kind: str) -> StreamingHttpResponse:
    _refuse_unless_allowed(request)
    if kind not in CONTENT_TYPES:
        raise Http404
    consultation = _consultation(page_id)
    rows = contribution_rows(consultation)
    filename = f"{slugify(consultation.title)[:60] or 'consultation'}-contributions.{kind}"
    if kind == "xlsx":
        pieces = formats.file_pieces(formats.xlsx_file(consultation, rows))
    elif kind == "csv":
        pieces = formats.csv_pieces(consultation, rows)
    else:
        pieces = formats.json_pieces(consultation, rows)
    return _streamed(request, pieces, kind=kind, filename=filename)
