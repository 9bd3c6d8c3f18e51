"""Compute the embeddings of comments posted before they were computed on posting (or while
the worker was down): every analysable comment without one."""

from django.core.management.base import BaseCommand

from consult.consultations.models import ConsultationPage
from consult.outcomes.suggestion_services import comment_embeddings_backfill


class Command(BaseCommand):
    help = "Embed every comment that automated analysis may read and that has no embedding."

    def add_arguments(self, parser):
        parser.add_argument("--consultation", type=int, help="only this consultation's id")

    def handle(self, *args, consultation=None, **options):
        page = ConsultationPage.objects.get(pk=consultation) if consultation else None
        done = comment_embeddings_backfill(consultation=page)
        self.stdout.write(f"{done} comments embedded.")
