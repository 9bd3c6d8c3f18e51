"""Background work of the analysts' exports (django.tasks: immediate in development and
tests, django-tasks-db's worker in production)."""

from django.tasks import task

from consult.exports import services


@task
def spreadsheet_export_build(export_id: int) -> int:
    """Returns the workbook's size in bytes (0 when there was nothing to build)."""
    export = services.spreadsheet_export_build_now(export_id=export_id)
    return export.size if export is not None else 0
