"""Tell followers about consultations that opened or closed since the last run, and forget
addresses that never confirmed. Run it every few minutes (cron, a systemd timer); running it
twice announces nothing twice."""

from django.core.management.base import BaseCommand

from consult.outcomes.services import consultation_changes_announce, follows_unconfirmed_purge


class Command(BaseCommand):
    help = "Email the followers of consultations that have just opened or closed."

    def handle(self, *args, **options):
        counts = consultation_changes_announce()
        purged = follows_unconfirmed_purge()
        self.stdout.write(
            f"Announced {counts['opened']} opened and {counts['closed']} closed consultations; "
            f"forgot {purged} unconfirmed addresses."
        )
