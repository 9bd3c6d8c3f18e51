"""Background work of the outcomes (django.tasks: immediate in development and tests,
django-tasks-db's worker in production)."""

from django.tasks import task

from consult.outcomes import citations, mail, services


@task
def follow_confirmation_send(follow_id: int) -> bool:
    return mail.follow_confirmation_send_now(follow_id=follow_id)


@task
def followers_notify(consultation_id: int, kind: str) -> int:
    return mail.followers_notify_now(consultation_id=consultation_id, kind=kind)


@task
def citations_notify(summary_id: int) -> int:
    return citations.citations_notify_now(summary_id=summary_id)


@task
def consultation_changes_announce() -> dict[str, int]:
    """Every few minutes (manage.py announce_consultation_changes does the same)."""
    counts = services.consultation_changes_announce()
    counts["unconfirmed_forgotten"] = services.follows_unconfirmed_purge()
    return counts
