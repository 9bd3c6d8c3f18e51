"""Background work of the privacy features (django.tasks: immediate in development,
django-tasks-db's worker in production)."""

from django.tasks import task

from accounts.privacy import services


@task
def data_export_build(export_id: int) -> None:
    # The id of the export, never of the user: queued task rows outlive a deleted account.
    services.data_export_build_now(export_id=export_id)


@task
def privacy_purge() -> dict[str, int]:
    """Daily: erase accounts past their grace period and delete expired exports."""
    return {
        "accounts": services.accounts_purge_due(),
        "exports": services.data_exports_expire(),
    }
