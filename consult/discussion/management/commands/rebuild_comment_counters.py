"""Recount every comment's agree, disagree and pass counters from the reaction rows.

The counters are kept exact in each reaction's transaction; this is the repair tool for
data changed behind the services' back (a restored backup, a manual fix)."""

from django.core.management.base import BaseCommand

from consult.consultations.models import ConsultationPage
from consult.discussion.services import comment_counters_rebuild


class Command(BaseCommand):
    help = "Recount every comment's reaction counters from the reaction rows."

    def handle(self, *args, **options):
        total = 0
        # Contributions live on the canonical pages only; translations share them.
        for consultation in ConsultationPage.objects.filter(comments__isnull=False).distinct():
            total += comment_counters_rebuild(consultation=consultation)
        self.stdout.write(f"Recounted the reactions of {total} comments.")
