"""Routes of paths to pages, remembered per process under the site version.

Wagtail finds the page of a path by walking the tree from the site's root page, about eight
queries. Which page a path leads to, and what its row holds, change only when pages are
published, unpublished, moved or deleted, and each of those replaces the site version; so
each process remembers the routes it found, with the page's row, under the version it read
before finding them, in Django's per-process cache `local` (settings.CACHES), and a request
for a remembered path costs no query: it gets its own copy of the row, unpickled, holding
nothing an earlier request cached on it. (The one change to a
consultation's row made without publishing it, its outcome's date, comes with the
summary's publication, which replaces the site version too.) The view restrictions that
apply to the page are kept with it (changing one replaces the site version too), and are
still checked against every request.

Wagtail offers no public way to hand it a route, so its pages are served by `serve` below:
Wagtail's own page view, running the same hooks, on the remembered route where there is one,
else on the one `Page.route_for_request` finds. Nor is there one to hand it the request's
site, which everything that links to a page (`pageurl`, `get_url`) or reads site settings
asks `Site.find_for_request` for: a page that renders such a link costs that one query
(1.9 ms of CPU, most of it the ORM building it), served on a remembered route or not.
Writing the site where Wagtail keeps it would save it, at the price of a private attribute
that the next upgrade may rename. The consultation page, whose header, menus and language
links are kept as fragments, asks for no site.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.db import router
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from wagtail import hooks
from wagtail.models import Page

from consult.core.cache_keys import hashed_key
from consult.core.versions import request_cache, site_version

# Like kept pages, a row is kept for a while only: an update made behind the signals' back
# (a bulk update) is seen after this many seconds at most.
ROUTE_MAX_AGE = 300
# Marks a path seen to be a page: the next request for it reads the version first.
SEEN = "seen"


@dataclass(frozen=True)
class _Route:
    version: str
    page: object
    restrictions: tuple
    args: tuple
    kwargs: tuple


def _route_of(request: HttpRequest) -> tuple | None:
    """The route serve() takes: (page, args, kwargs)."""
    return getattr(request, "consult_route", None)


def _page_copy(page):
    """A fresh instance of the page's row, holding nothing a request cached or set on it,
    with its locale, which every page asks for its language."""
    model = type(page)
    fields = [field.attname for field in model._meta.concrete_fields]
    clone = model.from_db(
        router.db_for_read(model, instance=page),
        fields,
        [getattr(page, name) for name in fields],
    )
    clone.locale = page.locale
    return clone


def _route_key(request: HttpRequest) -> str:
    # The host was checked against ALLOWED_HOSTS by CommonMiddleware, further out.
    return hashed_key("route", request.get_host(), request.path, translation.get_language())


def seen_as_page(request: HttpRequest) -> bool:
    """Whether this process has served the request's path as a Wagtail page (and remembers
    it): other paths (the health checks, the admin, static files) are never pages."""
    return caches["local"].has_key(_route_key(request))


def prime_route(request: HttpRequest) -> str | None:
    """Give Wagtail the route of a remembered path; returns the key to remember it under."""
    if request.method not in ("GET", "HEAD"):
        return None
    key = _route_key(request)
    route = caches["local"].get(key)
    if route is None:
        # Never seen as a page here (the bare view, the admin, static files): no look-up.
        request_cache(request).route_unseen = True
        return key
    if isinstance(route, _Route) and route.version == site_version(request):
        page = route.page
        page.kept_view_restrictions = list(route.restrictions)
        request.consult_route = (page, list(route.args), dict(route.kwargs))
        return None
    return key


def _serve_page(page, request: HttpRequest, args, kwargs) -> HttpResponse:
    return page.serve(request, *args, **kwargs)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view (`wagtail.views.serve`, its `on_serve_page` and
    `before_serve_page` hooks run the same way) on the remembered route of the path, or on
    the one Wagtail finds, which is then kept for remember_route."""
    route = _route_of(request)
    if route is None:
        route = Page.route_for_request(request, path)
        if route is None:
            raise Http404
        _keep_view_restrictions(route[0])
    request.consult_route = route
    page, args, kwargs = route
    on_serve = _serve_page
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        on_serve = wrap(on_serve)
    for before in hooks.get_hooks("before_serve_page"):
        response = before(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response
    return on_serve(page, request, args, kwargs)


class KeptViewRestrictions:
    """For page models: a served page answers the view restriction checks (Wagtail's, the
    sign-in gate's) with the restrictions kept with its remembered route, or read once when
    Wagtail found the route, and kept with it then; any other page instance asks the
    database, as Wagtail does."""

    kept_view_restrictions = None

    def get_view_restrictions(self):
        kept = self.kept_view_restrictions
        return kept if kept is not None else super().get_view_restrictions()


def _keep_view_restrictions(page) -> None:
    if isinstance(page, KeptViewRestrictions):
        page.kept_view_restrictions = list(page.get_view_restrictions())


def remember_route(key: str, request: HttpRequest) -> None:
    found = _route_of(request)
    if found is None or getattr(request, "is_preview", False):
        return
    state = request_cache(request)
    if state.route_unseen:
        caches["local"].set(key, SEEN, ROUTE_MAX_AGE)
        return
    if not state.site_read or state.site is None:
        return  # the cache is unreachable: nothing to validate a remembered route by
    page, args, kwargs = found
    caches["local"].set(
        key,
        _Route(
            version=state.site,
            page=_page_copy(page),
            restrictions=tuple(page.get_view_restrictions()),
            args=tuple(args),
            kwargs=tuple(kwargs.items()),
        ),
        ROUTE_MAX_AGE,
    )
