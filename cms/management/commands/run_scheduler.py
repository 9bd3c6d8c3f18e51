"""The site's clock: runs every recurring job at its time, in one long-lived process.

Every minute: Wagtail's scheduled publishing (pages and summaries with a "go live" date) and
the announcements of consultations that opened or closed (so a scheduled or "Close now"
change reaches followers within the minute). Every day at CONSULT_DAILY_JOBS_AT (local time):
retention (anonymisation, expired analysts' spreadsheets) the purge of deleted accounts
and expired personal-data exports, and the pruning of finished background tasks' results.

`make run` starts it beside the web server; production runs it as the Procfile's `scheduler`
process. Run exactly one: the jobs are idempotent, so two would only do the work twice.
It holds no state: a restart resumes at the next minute, and a day whose daily run was
missed is caught up by the next one (each job takes everything past its limit).
`--once` runs the minute's jobs (with `--daily`, the daily ones too) and exits, for cron.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

# Each job: a management command and its arguments.
EVERY_MINUTE = (("publish_scheduled",), ("announce_consultation_changes",))
DAILY = (
    ("apply_retention",),
    ("purge_deleted_accounts",),
    ("prune_db_task_results", "--queue-name", "*", "--min-age-days", "1"),
)


class Command(BaseCommand):
    help = "Run the recurring jobs (announcements, scheduled publishing, retention) on time."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the due jobs and exit.")
        parser.add_argument("--daily", action="store_true", help="With --once: daily jobs too.")

    def handle(self, *args, once=False, daily=False, **options):
        if once:
            self._run(daily=daily)
            return
        minutely = ", ".join(job[0] for job in EVERY_MINUTE)
        daily_jobs = ", ".join(job[0] for job in DAILY)
        self.stdout.write(
            f"Scheduler: {minutely} every minute; {daily_jobs} daily at "
            f"{settings.CONSULT_DAILY_JOBS_AT}."
        )
        self.stdout.flush()  # before the first minute's wait, even into a pipe
        while True:
            # At the start of each minute, so a consultation set to close at 17:00 is
            # announced at 17:00, not up to a minute later.
            time.sleep(60 - time.time() % 60)
            # A database that restarted must not break every later minute (what Django does
            # between requests; not in --once, which may run inside a caller's transaction).
            close_old_connections()
            now = timezone.localtime()
            self._run(daily=now.strftime("%H:%M") == settings.CONSULT_DAILY_JOBS_AT)

    def _run(self, *, daily: bool) -> None:
        for name, *arguments in EVERY_MINUTE + (DAILY if daily else ()):
            try:
                call_command(name, *arguments, stdout=self.stdout, stderr=self.stderr)
            except Exception:
                # One failing job must not stop the others, nor the next minute's run.
                logger.exception("Scheduled job %s failed", name)
