"""Background tasks: ours (django.tasks) and Wagtail's (the django_tasks backport) share one
backend, queue in the database in production and are run by `manage.py db_worker`."""

import io
import signal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult
from wagtail.tasks import delete_file_from_storage_task


@task
def add(a: int, b: int) -> int:
    return a + b


@pytest.fixture
def database_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def run_worker():
    """Runs every queued task once and returns, as a deployment's worker would."""
    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    saved = {sig: signal.getsignal(sig) for sig in handled}

    def run(*options: str) -> str:
        out = io.StringIO()
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--no-reload", *options, stdout=out
        )
        return out.getvalue()

    yield run
    # The worker installs its own shutdown handlers; give pytest's back.
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def storage(tmp_path) -> FileSystemStorage:
    return FileSystemStorage(location=str(tmp_path))


@pytest.mark.django_db(transaction=True)
def test_our_task_waits_in_the_database_for_the_worker(database_backend, run_worker):
    result = add.enqueue(2, 3)

    assert result.status == TaskResultStatus.READY
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5


@pytest.mark.django_db(transaction=True)
def test_wagtail_task_waits_in_the_database_for_the_worker(database_backend, run_worker, storage):
    name = storage.save("old-rendition.txt", ContentFile(b"stale"))

    result = delete_file_from_storage_task.enqueue(storage.deconstruct(), name)

    assert storage.exists(name)
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert not storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_worker_restarted_with_its_id_finishes_what_it_was_running(database_backend, run_worker):
    # As a worker killed mid-task leaves them: claimed, RUNNING, never finished
    # (make topology kills a real one).
    mine, another = add.enqueue(2, 3), add.enqueue(4, 5)
    DBTaskResult.objects.get(pk=mine.id).claim("worker-1")
    DBTaskResult.objects.get(pk=another.id).claim("worker-2")

    run_worker("--worker-id", "worker-1")

    mine.refresh()
    another.refresh()
    assert (mine.status, mine.return_value) == (TaskResultStatus.SUCCESSFUL, 5)
    # Another worker's task may still be running there: left alone.
    assert another.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_development_runs_both_kinds_of_task_at_once(storage):
    name = storage.save("old-rendition.txt", ContentFile(b"stale"))

    ours = add.enqueue(2, 3)
    wagtails = delete_file_from_storage_task.enqueue(storage.deconstruct(), name)

    assert (ours.status, ours.return_value) == (TaskResultStatus.SUCCESSFUL, 5)
    assert wagtails.status == TaskResultStatus.SUCCESSFUL
    assert not storage.exists(name)
