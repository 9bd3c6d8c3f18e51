"""Rendered pages for anonymous readers, served from memory and never stale.

Each process keeps the pages it rendered for anonymous readers, each with the versions it
was rendered under (consult.core.versions). A page is served only while they are still the
current ones (one look-up of two short values per request, and no query) and until the
moment it said it would change by itself (a consultation opening or closing).

Only requests that cannot be personal are cached: GET without a session or messages cookie,
at an address the page's own links write (settings.CONSULT_PAGE_CACHE_ADDRESSES says which;
for consultations, consult.discussion.listing_cache). Any other address is answered without
a look in the cache, and the address rules may answer a request (a redirect) before any
look-up. So only addresses that exist take room, and no request can empty the cache: each
store is bounded, and the least recently used entry leaves first, one at a time. A response
that sets a cookie, uses a CSRF token, touches the session or adds a message is not kept,
and a kept page's CSP nonce is replaced by the request's own when it is served.
"""

import functools
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from consult.core.kept import Kept
from consult.core.routes import prime_route, remember_route
from consult.core.versions import request_cache, versions, versions_for_rendering

# A page whose versions are still current is still right; the age limit only bounds what a
# change made behind the services' and signals' back (a bulk update) can leave.
PAGE_MAX_AGE = 300
# A consultation page is about 100 kB: this is a few megabytes per process at most.
PAGES_KEPT = 64
# What every participant sees alike of a page of a consultation's discussion.
SHARED_KEPT = 64


@dataclass(frozen=True)
class _Page:
    translation_key: str
    versions: tuple
    expires_at: datetime | None
    rendered_at: float
    content: bytes
    headers: tuple[tuple[str, str], ...]
    nonce: str | None

    def current(self, versions: tuple) -> bool:
        return (
            versions == self.versions
            and time.monotonic() - self.rendered_at < PAGE_MAX_AGE
            and (self.expires_at is None or timezone.now() < self.expires_at)
        )


# Keyed by (host, path with query, language). Paths never rendered here (the bare view, the
# admin) cost a look-up that finds nothing.
_pages = Kept(PAGES_KEPT)


@functools.cache
def _address_rules():
    return import_string(settings.CONSULT_PAGE_CACHE_ADDRESSES)


def _page_key(request: HttpRequest) -> tuple[str, str, str] | None:
    """The key of this request's page, or None when the request may be personal."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    return (request.get_host(), request.get_full_path(), translation.get_language())


def render_to_keep(request: HttpRequest, *, translation_key, expires_at, render) -> HttpResponse:
    """`render()`; when the request may be kept, note the versions of `translation_key`'s
    consultation read before rendering, so the middleware keeps the result under them until
    `expires_at` at most."""
    state = request_cache(request)
    if state.page_key is None:
        return render()
    current = versions_for_rendering(translation_key)
    response = render()
    if current is not None:
        state.page_versions = {
            "translation_key": translation_key,
            "versions": current,
            "expires_at": expires_at,
        }
    return response


_shared = Kept(SHARED_KEPT)


def discussion_shared(consultation, key: tuple, compute):
    """What `compute()` gives for `consultation`'s discussion (what every participant sees
    alike: its threads' rows, the counts, the tallies), kept while the versions it was read
    under are current. `key` names everything else it depends on; the language is part of
    it already."""
    current = versions_for_rendering(consultation.translation_key)
    if current is None:
        return compute()
    full_key = (consultation.pk, translation.get_language(), *key)
    found = _shared.get(full_key)
    if found is not None and found[0] == current and time.monotonic() - found[1] < PAGE_MAX_AGE:
        return found[2]
    value = compute()
    _shared.put(full_key, (current, time.monotonic(), value))
    return value


def _serve(page: _Page, request: HttpRequest) -> HttpResponse:
    content = page.content
    if page.nonce:
        content = content.replace(page.nonce.encode(), str(get_nonce(request)).encode())
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
        or getattr(get_messages(request), "added_new", False)
    )


def _keep(key: tuple, request: HttpRequest, response: HttpResponse, rendered: dict) -> None:
    if response.status_code != 200 or response.streaming or _personal(request, response):
        return
    nonce = get_nonce(request)
    page = _Page(
        **rendered,
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
            address = _address_rules()(request)
            if isinstance(address, HttpResponse):
                return address
            key = key if address else None
        if key is not None:
            page = _pages.get(key)
            if page is not None and page.current(versions(page.translation_key)):
                return _serve(page, request)
            request_cache(request).page_key = key
        route_key = prime_route(request)
        response = self.get_response(request)
        if route_key is not None:
            remember_route(route_key, request)
        rendered = request_cache(request).page_versions
        if key is not None and rendered is not None:
            _keep(key, request, response, rendered)
        return response
