"""An XLSX export built in the background: a workbook is a zip written at its end, so it
cannot stream as it is built and a large consultation would keep the request waiting."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import PrivateFileExport


class SpreadsheetExport(PrivateFileExport):
    """One editor's XLSX of one consultation's contributions, kept in private storage until
    `expires_at`; the row stays afterwards as a dated record of who exported what."""

    # Null once the consultation is deleted (its contributions go with it): the row keeps
    # the file's name so the retention step can delete the file at once.
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Null once the editor's account is deleted: the file still expires with the others.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="spreadsheet_exports",
    )

    class Meta(PrivateFileExport.Meta):
        verbose_name = _("spreadsheet export")
        verbose_name_plural = _("spreadsheet exports")
        constraints = [
            # Asking again while one is being prepared finds it instead of building twice.
            models.UniqueConstraint(
                fields=["consultation", "requested_by"],
                condition=Q(state="pending"),
                name="one_pending_spreadsheet_per_editor",
            )
        ]

    def __str__(self) -> str:
        return f"spreadsheet export {self.pk} ({self.state})"
