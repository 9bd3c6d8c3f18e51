"""The consultation index page's list: filtered by the GET form, a page of results at a time."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from wagtail.models import Locale

from consult.consultations import queries
from consult.consultations.forms import ConsultationFilterForm
from consult.consultations.models.pages import LISTING_PAGE_SIZE


def consultation_listing_context(request: HttpRequest, *, locale: Locale) -> dict:
    form = ConsultationFilterForm(request.GET)
    consultations = queries.consultations_for_listing(locale=locale, **form.filters())
    page_obj = Paginator(consultations, LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return {
        "filter_form": form,
        "page_obj": page_obj,
        "consultations": page_obj.object_list,
        "filter_query_string": query_string.urlencode(),
    }
