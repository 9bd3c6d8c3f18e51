"""Run daily (cron, a systemd timer): erases accounts whose grace period has passed and
deletes expired data exports."""

from django.core.management.base import BaseCommand

from accounts.privacy.services import accounts_purge_due, data_exports_expire


class Command(BaseCommand):
    help = "Erase accounts whose deletion grace period has passed; delete expired exports."

    def handle(self, *args, **options) -> None:
        accounts = accounts_purge_due()
        exports = data_exports_expire()
        self.stdout.write(f"Erased {accounts} account(s); expired {exports} export(s).")
