"""Retention of moderators' identities (issue 7): audit entries are append-only and stay;
which person took an audited action (AuditActor) is kept CONSULT_AUDIT_IDENTITY_DAYS."""

from datetime import datetime, timedelta

from django.conf import settings

from consult.moderation.models import AuditActor


def audit_identities_expire(*, now: datetime) -> int:
    """Forget who acted in audit entries older than the retention period; the entries stay,
    and say what was done, when and why. Returns how many identities were dropped."""
    cutoff = now - timedelta(days=settings.CONSULT_AUDIT_IDENTITY_DAYS)
    deleted, _rows = AuditActor.objects.filter(entry__at__lt=cutoff).delete()
    return deleted
