"""The project's URLs plus a bare view: a few bytes through the full middleware stack, the
baseline every benchmark is a ratio to. Used only by the benchmark server (bench_settings)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("__bench__/bare", bare), *project_urlpatterns]
