from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import Http404
from django.urls import include, path, re_path
from django.views.defaults import page_not_found
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from config import health, metrics
from consult.consultations import views as consultation_views
from consult.core import routes
from consult.opendata.api import api as opendata_api

# Everyone signs in through allauth, so its rate limits, verified addresses and MFA apply:
# Wagtail's login forms (Django's LoginView, a password alone) lead there, `next` kept.
# tests/accounts/test_accounts_sign_in_gate.py walks the URLconf for any other way in.
allauth_login = RedirectView.as_view(pattern_name="account_login", query_string=True)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    path(settings.WAGTAILADMIN_PATH + "login/", allauth_login, name="wagtailadmin_login"),
    # Wagtail's error test fails on purpose, to try error reporting: no page answers a 500.
    path(
        settings.WAGTAILADMIN_PATH + "failwhale/",
        page_not_found,
        {"exception": Http404()},
        name="wagtailadmin_error_test",
    ),
    path(settings.WAGTAILADMIN_PATH, include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Open data (consult.opendata): versioned, outside the language prefixes.
    path("api/v1/", opendata_api.urls),
]

urlpatterns += i18n_patterns(
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("consult.registers.urls")),
    path("ai-systems/", include("consult.consultations.urls")),
    path("ai-systems/", include("consult.accountability.urls")),
    path("", include("consult.questionnaires.urls")),
    path("", include("consult.discussion.urls")),
    path("", include("consult.outcomes.urls")),
    path("", include("consult.transparency.urls")),
    path("", include("consult.moderation.participant_urls")),
    path("", include("consult.notifications.urls")),
    path("", include("consult.opinions.urls")),
    path("", include("consult.moderation.urls")),
    path("_util/login/", allauth_login, name="wagtailcore_login"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        consultation_views.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page view serves every other path from the page tree, so it comes last.
    re_path(serve_pattern, routes.serve, name="wagtail_serve"),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
