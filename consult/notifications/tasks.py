"""Background work of notifications (django.tasks: immediate in development, django-tasks-db's
worker in production)."""

from django.tasks import task

from consult.notifications import services


@task
def notification_email_send(notification_id: int) -> bool:
    # The notice's id, never the address: the address is read when the mail goes out.
    return services.notification_email_send_now(notification_id=notification_id)
