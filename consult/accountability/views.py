"""The public pages of a system's accountability records: its fundamental rights impact
assessment and the history of that assessment. Its EU database registration record is one
of the register's records (consult.registers.standards)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from consult.accountability import queries
from consult.accountability.history import published_history
from consult.consultations.models import AISystem
from consult.consultations.queries import ai_system_for_register


def _system(slug: str) -> AISystem:
    system = ai_system_for_register(locale=Locale.get_active(), slug=slug)
    if system is None:
        raise Http404
    return system


def _assessment(system: AISystem):
    assessment = queries.assessment_for_register(system=system, locale=Locale.get_active())
    if assessment is None:
        raise Http404
    return assessment


def _language(record) -> Locale | None:
    """The record's locale when it is not the reader's: the page marks it `lang`."""
    return None if record.locale_id == Locale.get_active().pk else record.locale


@require_GET
def fria_detail(request: HttpRequest, slug: str) -> HttpResponse:
    system = _system(slug)
    view = queries.assessment_view(_assessment(system), request)
    consultation = view.consultation
    if consultation is not None:
        consultation = queries.consultation_in(consultation, Locale.get_active())
    return render(
        request,
        "accountability/fria_detail.html",
        {
            "system": system,
            "view": view,
            "consultation": consultation,
            "language": _language(view.assessment),
        },
    )


@require_GET
def fria_history(request: HttpRequest, slug: str) -> HttpResponse:
    system = _system(slug)
    assessment = _assessment(system)
    consultation = queries.public_consultation(assessment)
    closed_at = None
    if consultation is not None:
        if consultation.closes_at <= timezone.now():
            closed_at = consultation.closes_at
        consultation = queries.consultation_in(consultation, Locale.get_active())
    return render(
        request,
        "accountability/fria_history.html",
        {
            "system": system,
            "assessment": assessment,
            "consultation": consultation,
            "closed_at": closed_at,
            "history": published_history(assessment, closed_at=closed_at),
        },
    )
