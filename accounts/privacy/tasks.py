"""Background work of the privacy features (django.tasks: immediate in development,
django-tasks-db's worker in production)."""

from django.tasks import task
from django.utils import timezone

from accounts.privacy import services
from accounts.privacy.retention import retention_apply


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


@task
def privacy_retention() -> dict[str, int]:
    """Daily: anonymise contributions and forget audit identities past their retention."""
    return retention_apply(now=timezone.now())
