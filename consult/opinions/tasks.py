"""Background work of opinion groups (django.tasks: immediate in development and tests,
django-tasks-db's worker in production)."""

from django.tasks import task

from consult.consultations.models import ConsultationPage
from consult.opinions import services


@task
def opinion_groups_refresh(consultation_id: int) -> dict:
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None:  # deleted while queued
        return {}
    result = services.opinion_groups_compute(consultation=consultation).result
    return {"participants": result["participants"], "groups": result["k"]}
