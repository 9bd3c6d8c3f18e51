"""Every GET endpoint of the site, found by walking the URLconf, with real ids in its URL; and
the query parameters each reads, found by asking it.

A URL pattern that takes arguments needs a way to fill them (FILL, from the `world` fixture:
the demo content and what it lacks) or a reason it is not filled (NOT_FILLED): a new pattern
with neither fails tests/platform/test_platform_hostile_parameters.py. Query parameters are
recorded while a benign request runs (RecordingQueryDict, installed by the test-only
middleware below), and read from the OpenAPI schema for the open-data API, whose
django-ninja views read the query string whole.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

# Parameter names looked up in request.GET since the last clear(). The test client serves
# one request at a time, in the test's thread.
looked_up: set[str] = set()


class RecordingQueryDict(QueryDict):
    """request.GET, noting every key looked up (copies too: QueryDict.copy() makes one of
    this class)."""

    def __getitem__(self, key):
        looked_up.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        looked_up.add(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        looked_up.add(key)
        return super().getlist(key, default)


def record_query_lookups(get_response):
    """Test-only middleware, outermost: every view and middleware gets the recording GET."""

    def middleware(request):
        request.GET = RecordingQueryDict(request.META.get("QUERY_STRING", ""))
        return get_response(request)

    return middleware


ADMIN = settings.WAGTAILADMIN_PATH
OUR_PACKAGES = ("accounts", "cms", "config", "consult")


@dataclass(frozen=True)
class Pattern:
    route: str  # as the URLconf spells it, prefixes joined
    callback: Callable
    takes_arguments: bool

    @property
    def ours(self) -> bool:
        return getattr(self.callback, "__module__", "").split(".")[0] in OUR_PACKAGES


def url_patterns(patterns=None, prefix: str = "", arguments: bool = False) -> Iterator[Pattern]:
    """Every URL pattern of the URLconf, includes walked (the default language's prefix is
    empty). A route's converters are groups of its regular expression too."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        takes = arguments or entry.pattern.regex.groups > 0
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, route, takes)
        elif isinstance(entry, URLPattern):
            yield Pattern(route, entry.callback, takes)


def covered(pattern: Pattern) -> bool:
    """Everything outside the Wagtail admin, and the admin views of our own apps. Wagtail's
    own admin views are not: staff with MFA alone reach them, and several of them answer 500
    to a malformed id in their query string (Wagtail's code; docs/architecture.md lists
    them)."""
    return not pattern.route.startswith(ADMIN) or pattern.ours


# Paths with real ids for each pattern that takes arguments, from the world fixture.
FILL: dict[str, Callable] = {
    "^media/(?P<path>.*)$": lambda w: ["/media/no-such-file.txt"],
    "documents/^(\\d+)/(.*)$": lambda w: [f"/documents/{w.document.pk}/{w.document.filename}"],
    "documents/authenticate_with_password/<int:restriction_id>/": lambda w: [
        f"/documents/authenticate_with_password/{w.collection_restriction.pk}/"
    ],
    "api/v1/consultations/<consultation_id>": lambda w: [
        f"/api/v1/consultations/{w.consultation.pk}"
    ],
    "api/v1/consultations/<consultation_id>/comments": lambda w: [
        f"/api/v1/consultations/{w.consultation.pk}/comments"
    ],
    "api/v1/consultations/<consultation_id>/positions": lambda w: [
        f"/api/v1/consultations/{w.consultation.pk}/positions"
    ],
    "api/v1/consultations/<consultation_id>/responses": lambda w: [
        f"/api/v1/consultations/{w.consultation.pk}/responses"
    ],
    "api/v1/consultations/<consultation_id>/summary": lambda w: [
        f"/api/v1/consultations/{w.concluded.pk}/summary"
    ],
    "accounts/privacy/export/<int:export_id>/": lambda w: [
        f"/accounts/privacy/export/{w.data_export.pk}/"
    ],
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": lambda w: ["/accounts/confirm-email/x-y/"],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda w: [
        "/accounts/password/reset/key/1-set-password/"
    ],
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": lambda w: [
        "/accounts/2fa/webauthn/keys/1/remove/"
    ],
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": lambda w: ["/accounts/2fa/webauthn/keys/1/edit/"],
    "ai-systems/<slug:slug>/": lambda w: [f"/ai-systems/{w.consultation.ai_system.slug}/"],
    "consultations/<int:page_id>/response/": lambda w: [
        f"/consultations/{w.consultation.pk}/response/"
    ],
    "consultations/<int:page_id>/comments/": lambda w: [
        f"/consultations/{w.consultation.pk}/comments/",
        f"/consultations/{w.consultation.pk}/comments/?parent={w.comment.pk}",
    ],
    "consultations/<int:page_id>/position/": lambda w: [
        f"/consultations/{w.consultation.pk}/position/"
    ],
    "consultations/<int:page_id>/position/withdraw/": lambda w: [
        f"/consultations/{w.consultation.pk}/position/withdraw/"
    ],
    "comments/<int:pk>/": lambda w: [f"/comments/{w.comment.pk}/"],
    "comments/<int:pk>/edit/": lambda w: [f"/comments/{w.own_comment.pk}/edit/"],
    "comments/<int:pk>/delete/": lambda w: [f"/comments/{w.own_comment.pk}/delete/"],
    "comments/<int:pk>/reactions/": lambda w: [f"/comments/{w.comment.pk}/reactions/"],
    "comments/<int:pk>/report/": lambda w: [f"/comments/{w.comment.pk}/report/"],
    "consultations/<int:page_id>/follow/": lambda w: [
        f"/consultations/{w.consultation.pk}/follow/"
    ],
    "consultations/<int:page_id>/unfollow/": lambda w: [
        f"/consultations/{w.consultation.pk}/unfollow/"
    ],
    "consultations/<int:page_id>/themes/": lambda w: [
        f"/consultations/{w.consultation.pk}/themes/"
    ],
    "consultations/<int:page_id>/opinion-groups/": lambda w: [
        f"/consultations/{w.consultation.pk}/opinion-groups/"
    ],
    "follows/confirm/<str:token>/": lambda w: [f"/follows/confirm/{w.follow_confirm_token}/"],
    "follows/unsubscribe/<str:token>/": lambda w: [
        f"/follows/unsubscribe/{w.follow_unsubscribe_token}/"
    ],
    "transparency/decisions/<int:decision_id>/": lambda w: [
        f"/transparency/decisions/{w.decision.pk}/"
    ],
    "transparency/campaigns/<int:campaign_id>/": lambda w: [
        f"/transparency/campaigns/{w.campaign.pk}/"
    ],
    "transparency/<slug:slug>/": lambda w: [f"/transparency/{w.consultation.slug}/"],
    "moderation/appeals/<int:pk>/decide/": lambda w: [f"/moderation/appeals/{w.appeal.pk}/decide/"],
    "decisions/<int:decision_id>/appeal/": lambda w: [f"/decisions/{w.decision.pk}/appeal/"],
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": lambda w: [
        f"/_util/authenticate_with_password/{w.page_restriction.pk}/{w.page_restriction.page_id}/"
    ],
    "^((?:[\\w\\-]+/)*)$": lambda w: [page.url for page in w.pages],
    f"{ADMIN}exports/<int:page_id>/contributions.<str:kind>": lambda w: [
        f"/{ADMIN}exports/{w.consultation.pk}/contributions.{kind}" for kind in ("csv", "json")
    ],
    f"{ADMIN}exports/<int:page_id>/spreadsheet/": lambda w: [
        f"/{ADMIN}exports/{w.consultation.pk}/spreadsheet/"
    ],
    f"{ADMIN}exports/spreadsheets/<int:export_id>/": lambda w: [
        f"/{ADMIN}exports/spreadsheets/{w.spreadsheet.pk}/"
    ],
    f"{ADMIN}exports/spreadsheets/<int:export_id>/download": lambda w: [
        f"/{ADMIN}exports/spreadsheets/{w.spreadsheet.pk}/download"
    ],
}

# Patterns that take arguments the test does not fill, each with its reason.
NOT_FILLED: dict[str, str] = {}


@dataclass(frozen=True)
class Endpoint:
    route: str
    path: str  # with its benign query string, if any


def endpoints(world) -> list[Endpoint]:
    """A URL with real ids for every covered pattern (several for some, each page of the
    tree for Wagtail's); raises for a pattern neither filled nor listed as not filled."""
    found, unknown = [], []
    for pattern in url_patterns():
        if not covered(pattern) or pattern.route in NOT_FILLED:
            continue
        if not pattern.takes_arguments:
            # A regular expression without groups is its own path, anchors aside.
            found.append(Endpoint(pattern.route, "/" + re.sub(r"[\^$]", "", pattern.route)))
        elif pattern.route in FILL:
            found += [Endpoint(pattern.route, path) for path in FILL[pattern.route](world)]
        else:
            unknown.append(pattern.route)
    if unknown:
        raise LookupError(
            f"URL patterns with no way to fill their arguments (add them to FILL or "
            f"NOT_FILLED in tests/platform/endpoints.py): {unknown}"
        )
    return found
