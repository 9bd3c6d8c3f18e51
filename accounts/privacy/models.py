"""What the privacy features store. Imported by accounts.models so Django registers them.

These models point at the user through wagtailcore.Page (not ConsultationPage) where they
need a consultation, so accounts keeps importing nothing from consult.*.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    RESEARCH = "research", _("Include my contributions in the open research data")
    AUTOMATED_ANALYSIS = (
        "automated_analysis",
        _("Include my contributions in automated analysis (opinion groups)"),
    )


class ConsentRecord(models.Model):
    """One change of a consent: the history the participant (and an auditor) can read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent_records"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purpose} {'granted' if self.granted else 'withdrawn'} at {self.at}"


class ExportState(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


class PrivateFileExport(models.Model):
    """A file built in the background for one person to download from the "private" storage
    (never under MEDIA_ROOT) until it expires; the row stays afterwards as a dated record."""

    state = models.CharField(max_length=10, choices=ExportState.choices, default="pending")
    # A name in the "private" storage.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at", "-pk"]


class DataExport(PrivateFileExport):
    """A zip of everything we hold about a participant, served only to them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )

    class Meta(PrivateFileExport.Meta):
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.state})"


class DeletionMode(models.TextChoices):
    ANONYMISE = "anonymise", _("Keep my contributions, anonymised (shown as a former participant)")
    DELETE = "delete", _("Delete my contributions too")


class AccountDeletion(models.Model):
    """A scheduled deletion; cancelled by deleting this row, carried out by the purge task."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scheduled_deletion"
    )
    mode = models.CharField(_("contributions"), max_length=10, choices=DeletionMode.choices)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("scheduled account deletion")
        verbose_name_plural = _("scheduled account deletions")

    def __str__(self) -> str:
        return f"deletion of user {self.user_id} due {self.due_at}"


class IdentityAccess(models.Model):
    """A moderator or editor looked behind a participant's pseudonym; the participant sees it."""

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_accesses"
    )
    accessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="identity_reveals_made",
    )
    # The accessor's public name when they looked, so the record still reads after their
    # account goes; kept no longer than audit identities are (CONSULT_AUDIT_IDENTITY_DAYS).
    accessor_name = models.CharField(max_length=150)
    reason = models.TextField(_("reason"), max_length=1000)
    consultation = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"identity of {self.subject_id} seen by {self.accessor_id} at {self.at}"
