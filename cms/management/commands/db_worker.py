"""django-tasks-db's worker, which also takes back the tasks it was running when it died.

The library's worker marks a task RUNNING when it claims it and never looks at it again: a
worker killed mid-task (out of memory, a node lost, SIGKILL), or whose database connection
died under it, leaves it RUNNING for ever, and the work (an export, an email) never happens.
A worker started with the same --worker-id
(infra/Procfile, the Compose and Kubernetes manifests give each worker a stable one) cannot
be running it any more, so it puts those tasks back in the queue before it claims new ones.
Our tasks are safe to run again: each writes in one transaction, which the dead worker's
connection rolled back.
"""

import logging
import time

from django.db import DatabaseError, connections, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("consult.tasks")
# Seconds between attempts while the database is unreachable.
RETRY_AFTER = 1.0


class Command(db_worker.Command):
    def handle(self, *args, **options):
        # The library's worker exits on the first database error; a restarted PostgreSQL
        # would then leave the queue unserved until someone restarts the worker too.
        while True:
            try:
                requeued = orphans_requeue(options["worker_id"], options["backend_name"])
                if requeued:
                    logger.warning("Requeued %d task(s) this worker was running.", requeued)
                return super().handle(*args, **options)
            except DatabaseError as error:
                logger.warning("The database is unreachable (%s); trying again.", error)
                connections.close_all()
                time.sleep(RETRY_AFTER)


def orphans_requeue(worker_id: str, backend_name: str) -> int:
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(
            backend_name=backend_name, status=TaskResultStatus.RUNNING
        )
        # Claimed by this id last: another worker may have run it since an earlier claim.
        mine = [task.pk for task in running if task.worker_ids[-1:] == [worker_id]]
        return DBTaskResult.objects.filter(pk__in=mine).update(
            status=TaskResultStatus.READY, started_at=None
        )
