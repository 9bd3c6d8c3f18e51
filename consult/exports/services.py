"""Every write of the analysts' XLSX exports: asking for one, building it in the background,
and deleting it once it expires (a retention step, so its personal data does not linger)."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.privacy.models import ExportState
from consult.consultations.models import ConsultationPage
from consult.exports import formats
from consult.exports.models import SpreadsheetExport
from consult.exports.permissions import can_export
from consult.exports.queries import contribution_rows, export_questions
from consult.notifications.services import in_language_of, notify

# A build still pending after this long was lost (a worker stopped mid-way): asking again
# starts a new one. The largest consultations build in under a minute.
BUILD_TIMEOUT = timedelta(hours=1)


def spreadsheet_export_request(*, user: User, consultation: ConsultationPage) -> SpreadsheetExport:
    """The editor's XLSX of the consultation: the one being prepared if there is one, else
    a new one queued for consult.exports.tasks.spreadsheet_export_build."""
    from consult.exports.tasks import spreadsheet_export_build

    if not can_export(user):
        raise PermissionDenied
    pending = SpreadsheetExport.objects.filter(
        consultation=consultation, requested_by=user, state=ExportState.PENDING
    )
    with transaction.atomic():
        pending.filter(requested_at__lte=timezone.now() - BUILD_TIMEOUT).update(
            state=ExportState.FAILED
        )
        # The partial unique constraint makes a second request, even a concurrent one,
        # find the first instead of creating another.
        export, created = pending.get_or_create(
            consultation=consultation, requested_by=user, state=ExportState.PENDING
        )
        if created:
            transaction.on_commit(lambda: spreadsheet_export_build.enqueue(export_id=export.pk))
    return export


def spreadsheet_export_build_now(*, export_id: int) -> SpreadsheetExport | None:
    """Write the workbook into private storage, mark the export ready and tell the editor."""
    export = (
        SpreadsheetExport.objects.select_related("consultation", "requested_by")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.state != ExportState.PENDING:
        return export
    pending = SpreadsheetExport.objects.filter(pk=export.pk, state=ExportState.PENDING)
    consultation = export.consultation
    if consultation is None:  # deleted while queued
        pending.update(state=ExportState.FAILED)
        return export
    storage = storages["private"]
    name = f"spreadsheets/{consultation.pk}-{export.pk}-{secrets.token_hex(16)}.xlsx"
    # The questions are worded in the language of the editor who asked.
    with in_language_of(export.requested_by):
        questions = export_questions(consultation)
    try:
        rows = contribution_rows(consultation)
        with formats.xlsx_file(consultation, questions, rows) as spool:
            saved = storage.save(name, File(spool, name=name))
        size = storage.size(saved)
    except Exception:
        pending.update(state=ExportState.FAILED)
        raise
    now = timezone.now()
    expires_at = now + timedelta(hours=settings.CONSULT_XLSX_EXPORT_HOURS)
    with transaction.atomic():
        # Conditional: the request may have given this build up as lost meanwhile.
        if not pending.update(
            state=ExportState.READY,
            file_name=saved,
            size=size,
            ready_at=now,
            expires_at=expires_at,
        ):
            storage.delete(saved)
            return export
        export.refresh_from_db()
        if export.requested_by is not None:
            _notify_ready(export)
    return export


def _notify_ready(export: SpreadsheetExport) -> None:
    editor = export.requested_by
    with in_language_of(editor):
        values = {
            "title": export.consultation.title,
            "expires": date_format(timezone.localtime(export.expires_at), "DATETIME_FORMAT"),
        }
        notify(
            user=editor,
            kind="export_ready",
            subject=_("Spreadsheet ready: %(title)s") % values,
            body=_(
                "The spreadsheet of the contributions to %(title)s that you asked for is "
                "ready. You can download it until %(expires)s; then it is deleted."
            )
            % values,
            url=reverse("exports_spreadsheet", args=[export.pk]),
        )


def spreadsheet_exports_expire(*, now: datetime) -> int:
    """Retention step: delete the files of exports past their expiry or whose consultation
    was deleted (the rows stay as a dated record) and give up builds lost long ago.
    Returns the rows changed."""
    storage = storages["private"]
    changed = SpreadsheetExport.objects.filter(
        state=ExportState.PENDING, requested_at__lte=now - BUILD_TIMEOUT
    ).update(state=ExportState.FAILED)
    expired = SpreadsheetExport.objects.filter(state=ExportState.READY).filter(
        Q(expires_at__lte=now) | Q(consultation=None)
    )
    for export in expired:
        storage.delete(export.file_name)
        changed += SpreadsheetExport.objects.filter(pk=export.pk, state=ExportState.READY).update(
            state=ExportState.EXPIRED, file_name=""
        )
    return changed
