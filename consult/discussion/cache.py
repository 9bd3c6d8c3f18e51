"""Rendered consultation pages for anonymous readers, served from memory and never stale.

Each process keeps the pages it rendered for anonymous readers, each with the two versions
it was rendered under, which live in the shared cache (the database or Redis):

- the consultation's discussion version, which every write to its discussion replaces
  (`discussion_changed`, called by the services), and
- the site version, which editorial changes replace: publishing or moving any page (menus,
  language links and the page itself), publishing a snippet (the AI system card), the site
  settings, documents, participants' profiles (the names shown beside comments), house
  rules (the rule a hidden comment's tombstone names) and privacy restrictions (who may read
  a page at all).

A page is served only while both versions are still the current ones: one look-up of two
short values per request, and no query. A version is a fresh random token rather than a
counter, so no backend needs an atomic increment and an evicted version can never come back
with an old value. It is replaced when the write happens and again once it commits: a reader
who reads the version after the writer's commit renders from the committed rows, and one who
rendered before kept the page under a version that is already gone. The reader reads the
versions before it reads the page's rows, so a page is never kept under versions newer than
its data. Time changes a consultation's status too, so that is checked on every hit.

Only requests that cannot be personal are cached: GET without a session or messages cookie,
asking for a listing as the page's own links write it (`addresses`: a known sort, a page
number without sign or leading zero, sort before page). Any other form of a sort and page
(a made-up sort or a malformed page number left out, the parameters in another order) is
redirected to that address without a look in the cache, and a page past the last is
redirected to the last, never kept. So only
addresses that exist take room, and no request can empty the cache: each in-process store is
bounded, and the least recently used entry leaves first, one at a time. A response that
sets a cookie, uses a CSRF token, touches the session or adds a message is not kept, and a
kept page's CSP nonce is replaced by the request's own when it is served.

Signed-in readers get the page rendered for them, but its threads come from a second cache,
also in memory: each thread's HTML, keyed by everything the thread's template reads (the
thread as that reader may see it, the page, the language, the time zone, the templates
themselves). A key names its content, so an entry is never stale: a change makes a new key.
Most readers see most threads alike, so most threads are rendered once for everyone; a
thread where this reader has reacted or written is rendered for them. The CSRF token in a
thread's forms is a placeholder there, replaced by the reader's own token.
"""

import copy
import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from wagtail.documents import get_document_model_string
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from consult.consultations.status import status_at
from consult.core.failsoft_cache import on_outage, on_recovery
from consult.core.viewer import viewer_for
from consult.discussion.addresses import (
    PARAMETERS,
    ListingAddress,
    PastTheLastPage,
    canonical_query,
    listing_address,
)

SITE_VERSION_KEY = "pagecache:site"
VERSION_TIMEOUT = 7 * 24 * 3600
# A page whose versions are still current is still right; the age limit only bounds what a
# change made behind the services' and signals' back (a bulk update) can leave.
PAGE_MAX_AGE = 300
# A consultation page is about 100 kB: this is a few megabytes per process at most.
PAGES_KEPT = 64


class _Kept:
    """A bounded in-process store, safe across threads: when full, the least recently used
    entry leaves, one at a time, so no request can empty it."""

    def __init__(self, limit: int):
        self.limit = limit
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True)
class _Page:
    translation_key: str
    versions: tuple[str, str]
    status: str
    opens_at: datetime
    closes_at: datetime
    outcome_published_at: datetime | None
    rendered_at: float
    content: bytes
    headers: tuple[tuple[str, str], ...]
    nonce: str | None

    def current(self, versions: tuple) -> bool:
        return (
            versions == self.versions
            and time.monotonic() - self.rendered_at < PAGE_MAX_AGE
            and self.status
            == status_at(
                opens_at=self.opens_at,
                closes_at=self.closes_at,
                outcome_published_at=self.outcome_published_at,
                now=timezone.now(),
            )
        )


# Keyed by (host, path with query, language). Paths never rendered here (the bare view, the
# admin) cost a look-up that finds nothing.
_pages = _Kept(PAGES_KEPT)


def _discussion_key(translation_key) -> str:
    # Every language version of a consultation shares its discussion, and its translation key.
    return f"pagecache:discussion:{translation_key}"


def _replace_version(key: str) -> None:
    cache.set(key, secrets.token_hex(8), VERSION_TIMEOUT)


def _changed(key: str) -> None:
    _replace_version(key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace_version(key))


def discussion_changed(consultation) -> None:
    """Call from every write that changes what a consultation's page shows."""
    _changed(_discussion_key(consultation.translation_key))


def site_changed(**kwargs) -> None:
    """Call when something every page may show changes (a signal receiver, too)."""
    _changed(SITE_VERSION_KEY)


def site_version(request: HttpRequest | None) -> str | None:
    """The site version, read once per request so that everything this request keeps is kept
    under the one it read before reading any row; None without a request."""
    if request is None:
        return None
    if not hasattr(request, "_consult_site_version"):
        version = cache.get(SITE_VERSION_KEY)
        if version is None:
            # Evicted or never set: start afresh (another process may race us to it).
            cache.add(SITE_VERSION_KEY, secrets.token_hex(8), VERSION_TIMEOUT)
            version = cache.get(SITE_VERSION_KEY)
        request._consult_site_version = version
    return request._consult_site_version


def _versions(translation_key) -> tuple:
    keys = (SITE_VERSION_KEY, _discussion_key(translation_key))
    found = cache.get_many(keys)
    return tuple(found.get(key) for key in keys)


def _versions_for_rendering(translation_key) -> tuple | None:
    versions = _versions(translation_key)
    if None in versions:
        # Evicted or never set: start afresh (another process may race us to it).
        for key in (SITE_VERSION_KEY, _discussion_key(translation_key)):
            cache.add(key, secrets.token_hex(8), VERSION_TIMEOUT)
        versions = _versions(translation_key)
    return None if None in versions else versions


def _page_key(request: HttpRequest) -> tuple[str, str, str] | None:
    """The key of this request's page, or None when the request may be personal."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    # Only a listing's own address: anything else (a redirect to it, a page with other
    # parameters, uncached) is answered without looking in the cache.
    if request.META.get("QUERY_STRING", "") != canonical_query(request.GET):
        return None
    return (request.get_host(), request.get_full_path(), translation.get_language())


# The last page of each consultation's public listing (every sort has as many), as found
# under the versions read before it was: a made-up page number past it is then redirected
# without reading the discussion again.
_last_pages = _Kept(PAGES_KEPT)


def _redirect(request: HttpRequest, address: ListingAddress) -> HttpResponse:
    return HttpResponseRedirect(
        f"{request.path}?{address.query}" if address.query else request.path
    )


def cacheable_page_response(request: HttpRequest, page, render) -> HttpResponse:
    """Serve `page` with `render()`; when the request may be cached, note the versions read
    before rendering, so the middleware keeps the result under them. A listing asked for in
    another form than its links', or past its last page, is redirected to an address of the
    links' (the last page's)."""
    address = listing_address(request.GET)
    query = request.META.get("QUERY_STRING", "")
    if set(PARAMETERS).issuperset(request.GET) and query != address.query:
        return _redirect(request, address)
    if getattr(request, "_consult_page_key", None) is None:
        try:
            return render()
        except PastTheLastPage as past:
            return _redirect(request, ListingAddress(sort=address.sort, page=past.last))
    versions = _versions_for_rendering(page.translation_key)
    last = _last_pages.get(page.translation_key)
    if address.page and last and last[0] == versions and address.page > last[1]:
        return _redirect(request, ListingAddress(sort=address.sort, page=last[1]))
    try:
        response = render()
    except PastTheLastPage as past:
        if versions is not None:
            _last_pages.put(page.translation_key, (versions, past.last))
        return _redirect(request, ListingAddress(sort=address.sort, page=past.last))
    if versions is not None:
        response._consult_page = {
            "translation_key": page.translation_key,
            "versions": versions,
            "status": page.status_at(timezone.now()),
            "opens_at": page.opens_at,
            "closes_at": page.closes_at,
            "outcome_published_at": page.outcome_published_at,
        }
    return response


# What every participant sees alike of a page of a consultation's discussion (its threads'
# rows, the counts, the tallies), kept per process under the versions read before its rows,
# as pages are: signed-in readers then read only their own part of the page from the database.
SHARED_KEPT = 64
_shared = _Kept(SHARED_KEPT)


def discussion_shared(consultation, key: tuple, compute):
    """What `compute()` gives for `consultation`'s discussion, kept while the versions it
    was read under are current. `key` names everything else it depends on; the language is
    part of it already."""
    versions = _versions_for_rendering(consultation.translation_key)
    if versions is None:
        return compute()
    full_key = (consultation.pk, translation.get_language(), *key)
    found = _shared.get(full_key)
    if found is not None and found[0] == versions and time.monotonic() - found[1] < PAGE_MAX_AGE:
        return found[2]
    value = compute()
    _shared.put(full_key, (versions, time.monotonic(), value))
    return value


def _serve(page: _Page, request: HttpRequest) -> HttpResponse:
    content = page.content
    if page.nonce:
        content = content.replace(page.nonce.encode(), str(request._csp_nonce).encode())
    response = HttpResponse(content)
    for name, value in page.headers:
        response[name] = value
    # What the session middleware adds when it renders: the page differs once signed in.
    patch_vary_headers(response, ("Cookie",))
    return response


def _personal(request: HttpRequest, response: HttpResponse) -> bool:
    """Whether the response carries anything of this reader's: a cookie, a CSRF token (its
    cookie is then due), a session or a message."""
    session = getattr(request, "session", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or getattr(getattr(request, "_messages", None), "added_new", False)
    )


def _keep(key: tuple, request: HttpRequest, response: HttpResponse) -> None:
    if response.status_code != 200 or response.streaming or _personal(request, response):
        return
    nonce = getattr(request, "_csp_nonce", None)
    page = _Page(
        **response._consult_page,
        rendered_at=time.monotonic(),
        content=response.content,
        headers=tuple(
            (name, value) for name, value in response.items() if name != "Content-Length"
        ),
        nonce=str(nonce) if nonce else None,
    )
    _pages.put(key, page)


class AnonymousPageCacheMiddleware:
    """The innermost middleware: every other one still runs around a cached page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _page_key(request)
        if key is not None:
            page = _pages.get(key)
            if page is not None and page.current(_versions(page.translation_key)):
                return _serve(page, request)
            request._consult_page_key = key
        route_key = _prime_route(request)
        response = self.get_response(request)
        if route_key is not None:
            _remember_route(route_key, request)
        if key is not None and hasattr(response, "_consult_page"):
            _keep(key, request, response)
        return response


# Wagtail finds the page of a path by walking the tree from the site's root page, about eight
# queries. Which page a path leads to, and what its row holds, change only when pages are
# published, unpublished, moved or deleted, and each of those replaces the site version; so
# each process remembers the routes it found, with the page's row, under the version it read
# before finding them, and a request for a remembered path costs no query: it gets its own
# copy of the row, holding nothing an earlier request cached on it. (The one change to a
# consultation's row made without publishing it, its outcome's date, comes with the
# summary's publication, which replaces the site version too.) The view restrictions that
# apply to the page are kept with it (changing one replaces the site version too), and are
# still checked against every request.
ROUTES_KEPT = 1024


@dataclass(frozen=True)
class _Route:
    version: str
    remembered_at: float
    site: Site
    page: object
    restrictions: tuple
    args: tuple
    kwargs: tuple


# Related rows a kept page keeps: its locale, which every page asks for its language.
KEPT_RELATIONS = ("locale",)


def _row_copy(page):
    """A copy of `page` with its row and its locale, and nothing else: nothing a request
    cached or set on it."""
    fields = {field.attname for field in page._meta.concrete_fields}
    clone = copy.copy(page)
    clone.__dict__ = {
        name: value for name, value in clone.__dict__.items() if name in fields or name == "_state"
    }
    cached = clone._state.fields_cache
    clone._state.fields_cache = {name: cached[name] for name in KEPT_RELATIONS if name in cached}
    return clone


_routes = _Kept(ROUTES_KEPT)
# Marks a path seen to be a page: the next request for it reads the version first.
SEEN = "seen"


def _prime_route(request: HttpRequest) -> tuple | None:
    """Give Wagtail the route of a remembered path; returns the key to remember it under."""
    if request.method not in ("GET", "HEAD"):
        return None
    key = (request._get_raw_host(), request.path, translation.get_language())
    route = _routes.get(key)
    if route is None:
        # Never seen as a page here (the bare view, the admin, static files): no look-up.
        request._consult_route_key_only = True
        return key
    version = site_version(request)
    # Like kept pages, a row is kept for a while only: an update made behind the signals'
    # back (a bulk update) is seen after PAGE_MAX_AGE at most.
    fresh = route is not SEEN and time.monotonic() - route.remembered_at < PAGE_MAX_AGE
    if fresh and route.version == version:
        page = _row_copy(route.page)
        page._consult_view_restrictions = list(route.restrictions)
        request._wagtail_site = copy.copy(route.site)
        request._wagtail_route_for_request = (page, list(route.args), dict(route.kwargs))
        return None
    return key


class KeptViewRestrictions:
    """For page models: a page served from a remembered route answers Wagtail's view
    restriction check with the restrictions kept with it (read once more when the route is
    remembered); any other page instance asks the database, as Wagtail does."""

    def get_view_restrictions(self):
        kept = self.__dict__.get("_consult_view_restrictions")
        return kept if kept is not None else super().get_view_restrictions()


def _remember_route(key: tuple, request: HttpRequest) -> None:
    found = getattr(request, "_wagtail_route_for_request", None)
    site = getattr(request, "_wagtail_site", None)
    if found is None or site is None or getattr(request, "is_preview", False):
        return
    if getattr(request, "_consult_route_key_only", False):
        _routes.put(key, SEEN)
        return
    page, args, kwargs = found
    if getattr(request, "_consult_site_version", None) is None:
        return  # the cache is unreachable: nothing to validate a remembered route by
    site = copy.copy(site)
    # Related rows read during the request (the root page) stay with that request.
    site._state.fields_cache = {}
    _routes.put(
        key,
        _Route(
            version=request._consult_site_version,
            remembered_at=time.monotonic(),
            site=site,
            page=_row_copy(page),
            restrictions=tuple(page.get_view_restrictions()),
            args=tuple(args),
            kwargs=tuple(kwargs.items()),
        ),
    )


# Fragments of pages that only editorial content decides (menus, the footer, a
# consultation's description), rendered once per site version, language and path.
FRAGMENTS_KEPT = 2048
_fragments = _Kept(FRAGMENTS_KEPT)


def site_fragment(request: HttpRequest | None, key: tuple, render) -> SafeString:
    """The HTML `render()` gives, kept under the site version while it is current. `key`
    names everything else the fragment depends on; previews are never kept."""
    version = site_version(request)
    if version is None or getattr(request, "is_preview", False):
        return render()
    full_key = (
        version,
        request.get_host(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        get_script_prefix(),
        *key,
    )
    fragment = _fragments.get(full_key)
    if fragment is None:
        fragment = render()
        _fragments.put(full_key, fragment)
    return fragment


def forget_everything() -> None:
    """Drop what this process kept: a version replaced while the shared cache was
    unreachable never reached it, so nothing kept before can be trusted."""
    for kept in (_pages, _last_pages, _routes, _shared, _fragments):
        kept.clear()


def connect_signals() -> None:
    """Editorial changes replace the site version (called once, from the app's ready())."""
    on_outage(forget_everything)
    on_recovery(site_changed)
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(site_changed, dispatch_uid=f"pagecache-{id(signal)}")
    # House rules: a hidden comment's tombstone names its rule; locales, a kept page's
    # language (KEPT_RELATIONS). Privacy restrictions (a
    # page's, a document collection's) are rows saved from the admin without publishing
    # anything: a page made private must stop being served from memory to anonymous readers.
    labels = (
        "cms.SiteSettings",
        "accounts.Profile",
        "moderation.HouseRule",
        "wagtailcore.PageViewRestriction",
        "wagtailcore.CollectionViewRestriction",
        "wagtailcore.Locale",
    )
    for label in (*labels, get_document_model_string()):
        model = apps.get_model(label)
        post_save.connect(site_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")
    # A deleted page leaves menus; a deleted account leaves "Former participant" behind.
    for label in ("wagtailcore.Page", settings.AUTH_USER_MODEL):
        model = apps.get_model(label)
        post_delete.connect(site_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")


THREAD_TEMPLATE = "discussion/comment.html"
# Every template a thread's HTML comes from.
THREAD_TEMPLATES = (THREAD_TEMPLATE, "discussion/comment_body.html", "discussion/reactions.html")
# About 20 pages of 20 threads; a thread of five comments is a few kilobytes.
THREADS_KEPT = 400
_threads = _Kept(THREADS_KEPT)
# Letters and digits only, like a real token, so escaping leaves it as it is.
CSRF_PLACEHOLDER = "consultCsrfTokenPlaceholder0000"
NONCE_PLACEHOLDER = "consultCspNoncePlaceholder00000"


@functools.cache
def _templates_version() -> str:
    sources = "\n".join(get_template(name).template.source for name in THREAD_TEMPLATES)
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def thread_html(threads: list, *, page, request: HttpRequest) -> list[SafeString]:
    """The HTML of each thread (a `queries.CommentView` with its replies) shown on `page`."""
    if not threads:
        return []
    setting = "|".join(
        (
            translation.get_language(),
            timezone.get_current_timezone_name(),
            get_script_prefix(),
            str(page.pk),
            _templates_version(),
        )
    )
    # The view's repr holds every field the templates read, its replies' included.
    html = []
    for thread in threads:
        key = hashlib.sha256(f"{setting}|{thread!r}".encode()).digest()
        fragment = _threads.get(key)
        if fragment is None:
            context = {"comment": thread, "page": page, "csrf_token": CSRF_PLACEHOLDER}
            fragment = render_to_string(THREAD_TEMPLATE, context)
            _threads.put(key, fragment)
        html.append(fragment)
    return [with_csrf_token(request, fragment) for fragment in html]


def _csrf_token(request: HttpRequest) -> str:
    """The reader's CSRF token, masked once per response as the template engine's own is
    (a page has a form in every thread: masking costs 32 random draws each time). Tied to
    the secret it masks, should the request rotate it (signing in)."""
    viewer = viewer_for(request)
    secret = request.META.get("CSRF_COOKIE")
    token = viewer.fact(("csrf_token", secret), lambda: get_token(request))
    if secret is None:  # get_token has just set the secret it masks
        viewer.remember(("csrf_token", request.META.get("CSRF_COOKIE")), token)
    return token


def with_csrf_token(request: HttpRequest, fragment: str) -> SafeString:
    """`fragment`, rendered by the template engine with CSRF_PLACEHOLDER as its token and
    NONCE_PLACEHOLDER as its CSP nonce, with the reader's own in their places."""
    if CSRF_PLACEHOLDER in fragment:
        fragment = fragment.replace(CSRF_PLACEHOLDER, _csrf_token(request))
    if NONCE_PLACEHOLDER in fragment:
        fragment = fragment.replace(NONCE_PLACEHOLDER, str(request._csp_nonce))
    # Rendered by the template engine, which escaped what it had to.
    return mark_safe(fragment)  # noqa: S308


def reader_fragment(request: HttpRequest, key: tuple, template: str, context) -> SafeString:
    """`template` rendered with the context `context()` gives, kept under the site version by
    `key`, with the reader's CSRF token and CSP nonce put in. `key` names everything else the
    template reads, the reader's own choices included (their position, their draft): a form
    is kept by what it shows, and readers who see the same get it from memory rather than
    from a few dozen widget templates. Never for a form bound to what someone typed."""

    def render() -> str:
        tokens = {"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": NONCE_PLACEHOLDER}
        return render_to_string(template, {**context(), **tokens})

    return with_csrf_token(request, site_fragment(request, key, render))
