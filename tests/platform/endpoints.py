"""Every GET endpoint of the site, found by walking the URLconf, with real ids in its URL; and
the query parameters each reads, found by asking it.

A URL pattern that takes arguments needs values for them (ARGUMENTS, ROUTE_ARGUMENTS or
REGEX_PATHS, from the `world` fixture: the demo content and what it lacks) or a reason it is
not filled (NOT_FILLED): a new pattern with neither fails
tests/platform/test_platform_hostile_parameters.py. Query parameters are
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


# Real values for URL arguments, from the world fixture: by name where a name means one
# thing everywhere, by route where it does not. A route's arguments are put in its place.
ARGUMENTS: dict[str, Callable] = {
    "page_id": lambda w: w.consultation.pk,
    "consultation_id": lambda w: w.consultation.pk,
    "decision_id": lambda w: w.decision.pk,
    "campaign_id": lambda w: w.campaign.pk,
    "restriction_id": lambda w: w.collection_restriction.pk,
}
ROUTE_ARGUMENTS: dict[str, dict[str, Callable]] = {
    "api/v1/consultations/<consultation_id>/summary": {"consultation_id": lambda w: w.concluded.pk},
    "accounts/privacy/export/<int:export_id>/": {"export_id": lambda w: w.data_export.pk},
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": {"pk": lambda w: 1},
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": {"pk": lambda w: 1},
    "ai-systems/<slug:slug>/": {"slug": lambda w: w.consultation.ai_system.slug},
    "ai-systems/<slug:slug>/fria/": {"slug": lambda w: w.consultation.ai_system.slug},
    "ai-systems/<slug:slug>/fria/history/": {"slug": lambda w: w.consultation.ai_system.slug},
    "ai-systems/<slug:slug>/eu-registration.json": {
        "slug": lambda w: w.consultation.ai_system.slug
    },
    "ai-systems/<slug:slug>/algoritmeregister.json": {
        "slug": lambda w: w.consultation.ai_system.slug
    },
    "ai-systems/<slug:slug>/atrs.json": {"slug": lambda w: w.consultation.ai_system.slug},
    "comments/<int:pk>/": {"pk": lambda w: w.comment.pk},
    "comments/<int:pk>/edit/": {"pk": lambda w: w.own_comment.pk},
    "comments/<int:pk>/delete/": {"pk": lambda w: w.own_comment.pk},
    "comments/<int:pk>/reactions/": {"pk": lambda w: w.comment.pk},
    "comments/<int:pk>/report/": {"pk": lambda w: w.comment.pk},
    "follows/confirm/<str:token>/": {"token": lambda w: w.follow_confirm_token},
    "follows/unsubscribe/<str:token>/": {"token": lambda w: w.follow_unsubscribe_token},
    "transparency/<slug:slug>/": {"slug": lambda w: w.consultation.slug},
    "themes/<int:theme_id>/comments/<int:comment_id>/contest/": {
        "theme_id": lambda w: _citation(w).theme_id,
        "comment_id": lambda w: _citation(w).comment_id,
    },
    "moderation/appeals/<int:pk>/decide/": {"pk": lambda w: w.appeal.pk},
    "moderation/<int:pk>/decide/": {"pk": lambda w: w.comment.pk},
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": {
        "page_view_restriction_id": lambda w: w.page_restriction.pk,
        "page_id": lambda w: w.page_restriction.page_id,
    },
    f"{ADMIN}exports/<int:page_id>/contributions.<str:kind>": {"kind": lambda w: "csv"},
    f"{ADMIN}consultations/<int:page_id>/<str:action>-now/": {"action": lambda w: "close"},
    f"{ADMIN}exports/spreadsheets/<int:export_id>/": {"export_id": lambda w: w.spreadsheet.pk},
    f"{ADMIN}exports/spreadsheets/<int:export_id>/download": {
        "export_id": lambda w: w.spreadsheet.pk
    },
}
# Patterns written as regular expressions: their paths.
REGEX_PATHS: dict[str, Callable] = {
    "^media/(?P<path>.*)$": lambda w: ["/media/no-such-file.txt"],
    "documents/^(\\d+)/(.*)$": lambda w: [f"/documents/{w.document.pk}/{w.document.filename}"],
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": lambda w: ["/accounts/confirm-email/x-y/"],
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": lambda w: [
        "/accounts/password/reset/key/1-set-password/"
    ],
    # Wagtail serves every page through this one.
    "^((?:[\\w\\-]+/)*)$": lambda w: [page.url for page in w.pages],
}


def _citation(world):
    """A comment the concluded consultation's summary cites (its author alone may contest)."""
    from consult.outcomes.models import CommentTheme

    return CommentTheme.objects.filter(theme__consultation=world.concluded).first()


ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def _filled(route: str, world) -> list[str] | None:
    """Paths for `route` with real values, or None when some argument has none."""
    if route in REGEX_PATHS:
        return REGEX_PATHS[route](world)
    values = {**ARGUMENTS, **ROUTE_ARGUMENTS.get(route, {})}
    names = ROUTE_ARGUMENT.findall(route)
    if not names or not set(names) <= values.keys():
        return None
    return ["/" + ROUTE_ARGUMENT.sub(lambda match: str(values[match[1]](world)), route)]


# Patterns that take arguments the test does not fill, each with its reason.
NOT_FILLED: dict[str, str] = {}


@dataclass(frozen=True)
class Endpoint:
    route: str
    path: str


def endpoints(world) -> list[Endpoint]:
    """A URL with real ids for every covered pattern (a page of each type for Wagtail's);
    raises for a pattern neither filled nor listed as not filled."""
    found, unknown = [], []
    for pattern in url_patterns():
        if not covered(pattern) or pattern.route in NOT_FILLED:
            continue
        if not pattern.takes_arguments:
            # A regular expression without groups is its own path, anchors aside.
            found.append(Endpoint(pattern.route, "/" + re.sub(r"[\^$]", "", pattern.route)))
        elif (paths := _filled(pattern.route, world)) is not None:
            found += [Endpoint(pattern.route, path) for path in paths]
        else:
            unknown.append(pattern.route)
    if unknown:
        raise LookupError(
            f"URL patterns with no way to fill their arguments (add them to ARGUMENTS, "
            f"ROUTE_ARGUMENTS, REGEX_PATHS or NOT_FILLED in tests/platform/endpoints.py): "
            f"{unknown}"
        )
    return found
