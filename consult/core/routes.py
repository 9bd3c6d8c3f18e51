"""Routes of paths to pages, remembered per process under the site version.

Wagtail finds the page of a path by walking the tree from the site's root page, about eight
queries. Which page a path leads to, and what its row holds, change only when pages are
published, unpublished, moved or deleted, and each of those replaces the site version; so
each process remembers the routes it found, with the page's row, under the version it read
before finding them, and a request for a remembered path costs no query: it gets its own
copy of the row, holding nothing an earlier request cached on it. (The one change to a
consultation's row made without publishing it, its outcome's date, comes with the
summary's publication, which replaces the site version too.) The view restrictions that
apply to the page are kept with it (changing one replaces the site version too), and are
still checked against every request.

Wagtail offers no public way to hand it a route: the remembered one goes where
`Site.find_for_request` and `Page.route_for_request` keep theirs on the request (their
docstrings name the attributes). Serving pages from a view of our own would copy Wagtail's
`serve` and still pay a query for the site on every request.
"""

import time
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import translation
from wagtail.models import Site

from consult.core.kept import Kept
from consult.core.versions import request_cache, site_version

ROUTES_KEPT = 1024
# Like kept pages, a row is kept for a while only: an update made behind the signals' back
# (a bulk update) is seen after this many seconds at most.
ROUTE_MAX_AGE = 300
# Marks a path seen to be a page: the next request for it reads the version first.
SEEN = "seen"


@dataclass(frozen=True)
class _Route:
    version: str
    remembered_at: float
    site: Site
    page: object
    restrictions: tuple
    args: tuple
    kwargs: tuple


def _row_copy(instance, **related):
    """A fresh instance of `instance`'s row, holding nothing a request cached or set on it,
    with the `related` rows given."""
    fields = [field.attname for field in instance._meta.concrete_fields]
    clone = type(instance).from_db(
        instance._state.db, fields, [getattr(instance, name) for name in fields]
    )
    for name, value in related.items():
        setattr(clone, name, value)
    return clone


def _page_copy(page):
    # Its locale, which every page asks for its language, comes with it.
    return _row_copy(page, locale=page.locale)


_routes = Kept(ROUTES_KEPT)


def prime_route(request: HttpRequest) -> tuple | None:
    """Give Wagtail the route of a remembered path; returns the key to remember it under."""
    if request.method not in ("GET", "HEAD"):
        return None
    key = (request._get_raw_host(), request.path, translation.get_language())
    route = _routes.get(key)
    if route is None:
        # Never seen as a page here (the bare view, the admin, static files): no look-up.
        request_cache(request).route_unseen = True
        return key
    version = site_version(request)
    fresh = route is not SEEN and time.monotonic() - route.remembered_at < ROUTE_MAX_AGE
    if fresh and route.version == version:
        page = _page_copy(route.page)
        page.kept_view_restrictions = list(route.restrictions)
        request._wagtail_site = _row_copy(route.site)
        request._wagtail_route_for_request = (page, list(route.args), dict(route.kwargs))
        return None
    return key


class KeptViewRestrictions:
    """For page models: a page served from a remembered route answers Wagtail's view
    restriction check with the restrictions kept with it (read once more when the route is
    remembered); any other page instance asks the database, as Wagtail does."""

    kept_view_restrictions = None

    def get_view_restrictions(self):
        kept = self.kept_view_restrictions
        return kept if kept is not None else super().get_view_restrictions()


def remember_route(key: tuple, request: HttpRequest) -> None:
    found = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if found is None or site is None or getattr(request, "is_preview", False):
        return
    state = request_cache(request)
    if state.route_unseen:
        _routes.put(key, SEEN)
        return
    if not state.site_read or state.site is None:
        return  # the cache is unreachable: nothing to validate a remembered route by
    page, args, kwargs = found
    _routes.put(
        key,
        _Route(
            version=state.site,
            remembered_at=time.monotonic(),
            # Related rows read during the request (the root page) stay with that request.
            site=_row_copy(site),
            page=_page_copy(page),
            restrictions=tuple(page.get_view_restrictions()),
            args=tuple(args),
            kwargs=tuple(kwargs.items()),
        ),
    )
