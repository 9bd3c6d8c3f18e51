"""The register's public records: each card in each standard's shape, and the whole register
as JSON and CSV. Published cards only; a draft is a 404 that names nothing."""

import csv

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from consult.consultations import queries
from consult.exports.formats import neutralise
from consult.registers import register
from consult.registers.standards import STANDARDS_BY_SLUG

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


@require_GET
def system_record(request: HttpRequest, slug: str, standard: str) -> JsonResponse:
    system = queries.ai_system_for_register(locale=Locale.get_active(), slug=slug)
    if system is None:
        raise Http404
    return JsonResponse(STANDARDS_BY_SLUG[standard].record(system), json_dumps_params=JSON_OPTIONS)


@require_GET
def register_json(request: HttpRequest) -> JsonResponse:
    rows = register.rows(register.published_systems(), request.build_absolute_uri)
    return JsonResponse({"count": len(rows), "systems": rows}, json_dumps_params=JSON_OPTIONS)


@require_GET
def register_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(register.schema(request.build_absolute_uri), json_dumps_params=JSON_OPTIONS)


@require_GET
def register_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ai-systems.csv"'
    writer = csv.writer(response)
    writer.writerow(register.COLUMNS)
    for row in register.rows(register.published_systems(), request.build_absolute_uri):
        writer.writerow(neutralise(value) for value in row.values())
    return response
