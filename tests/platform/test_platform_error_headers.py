"""Every response carries a Content-Security-Policy, errors included: the error pages Django
renders for an exception (404, 500, 403, 400), a method refused (405), the redirect to HTTPS,
and in development the debug pages that Django serves with no policy at all."""

import pytest
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client
from django.urls import path
from django.utils.csp import build_policy
from django.views.decorators.http import require_POST

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def raising(exception: type[Exception]):
    def view(request):
        raise exception("raised by the test")

    return view


@require_POST
def post_only(request):
    raise AssertionError("never reached by a GET")


FAILING = [
    path("fails/404/", raising(Http404)),
    path("fails/500/", raising(RuntimeError)),
    path("fails/403/", raising(PermissionDenied)),
    path("fails/400/", raising(BadRequest)),
    path("fails/suspicious/", raising(SuspiciousOperation)),
    path("fails/405/", post_only),
]


def __getattr__(name: str):
    """This module is the URLconf of its tests: the site's, and a view per kind of failure.
    The site's is imported when first asked, not while pytest collects this file: its
    development-only routes depend on DEBUG, which pytest-django sets after collection."""
    if name == "urlpatterns":
        from config import urls as site_urls

        return [*FAILING, *site_urls.urlpatterns]
    raise AttributeError(name)


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def public_policy(response) -> bool:
    """The public policy, nonce aside."""
    header = response.headers[CSP]
    return header.startswith("default-src 'self'; script-src 'self'") and "unsafe" not in header


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/no-such-page/", 404),
        ("/fails/404/", 404),
        ("/fails/500/", 500),
        ("/fails/403/", 403),
        ("/fails/400/", 400),
        ("/fails/suspicious/", 400),
        ("/fails/405/", 405),
    ],
)
def test_error_responses_carry_the_public_policy(failing_site, settings, path, status):
    settings.DEBUG = False

    response = failing_site.get(path)

    assert response.status_code == status
    assert public_policy(response), response.headers.get(CSP)


def test_a_refused_host_and_a_refused_form_carry_the_public_policy(client):
    bad_host = client.get("/", HTTP_HOST="evil.example")
    bad_form = Client(enforce_csrf_checks=True).post("/accounts/login/", {"login": "a@b.c"})

    assert (bad_host.status_code, bad_form.status_code) == (400, 403)
    assert public_policy(bad_host) and public_policy(bad_form)


@pytest.mark.parametrize(
    ("path", "status"),
    [("/no-such-page/", 404), ("/fails/500/", 500), ("/fails/suspicious/", 400)],
)
def test_debug_pages_get_a_policy_with_their_inline_code_and_nothing_from_elsewhere(
    failing_site, settings, path, status
):
    # Under `make run` (DEBUG on) Django's debug pages turn the policy off altogether.
    settings.DEBUG = True

    response = failing_site.get(path)

    assert response.status_code == status
    assert response.headers[CSP] == build_policy(settings.DEBUG_PAGE_CSP)
    assert "'unsafe-inline'" in response.headers[CSP]
    assert "default-src 'self'" in response.headers[CSP]


def test_the_redirect_to_https_carries_the_public_policy(settings):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/accounts/login/")

    assert response.status_code == 301
    assert public_policy(response)
