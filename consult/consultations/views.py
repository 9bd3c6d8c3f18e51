"""The public register of AI systems and the password form of a password-restricted page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page, PageViewRestriction

from consult.consultations import impact, queries
from consult.consultations.access import view_restrictions
from consult.consultations.forms import RegisterFilterForm
from consult.consultations.history import published_history


def ai_system_list(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET)
    systems = queries.ai_systems_for_register(locale=Locale.get_active(), **form.filters())
    return render(
        request,
        "consultations/ai_system_list.html",
        {"filter_form": form, "systems": systems},
    )


def ai_system_detail(request: HttpRequest, slug: str) -> HttpResponse:
    locale = Locale.get_active()
    system = queries.ai_system_for_register(locale=locale, slug=slug)
    if system is None:
        raise Http404
    return render(
        request,
        "consultations/ai_system_detail.html",
        {
            "system": system,
            # Shown in the default language until translated: marked, and said so.
            "system_language": None if system.locale_id == locale.pk else system.locale,
            "consultations": queries.consultations_on_system(system=system, locale=locale),
            "history": published_history(system),
            "records": queries.ai_system_records(system=system, locale=locale),
            "questions": impact.QUESTIONS,
            "method": impact,
        },
    )


def page_password(request: HttpRequest, page_view_restriction_id: int, page_id: int):
    """Wagtail's form for a page's password, for a password restriction on that live page
    only: Wagtail's own serves it for any restriction and page ids, naming what a group or
    sign-in restriction keeps private."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None or not view_restrictions(page).filter(
        pk=page_view_restriction_id, restriction_type=PageViewRestriction.PASSWORD
    ):
        raise Http404
    return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
