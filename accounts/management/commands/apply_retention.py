"""Run daily (cron, a systemd timer): anonymises the contributions of consultations whose
outcome was published more than RETENTION_AFTER_OUTCOME_DAYS ago, and forgets which
moderator took an audited action after AUDIT_IDENTITY_DAYS (accounts.privacy.retention)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.privacy.retention import retention_apply


class Command(BaseCommand):
    help = "Anonymise contributions and forget audit identities past their retention periods."

    def handle(self, *args, **options) -> None:
        for step, changed in retention_apply(now=timezone.now()).items():
            self.stdout.write(f"{step}: {changed} row(s)")
