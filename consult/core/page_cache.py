"""Rendered pages for anonymous readers, served from the shared cache and never stale.

Pages rendered for anonymous readers are kept in the shared cache (Redis in production), so
every process serves what any one rendered, each with the versions it was rendered under
(consult.core.versions). A page is served only while they are still the current ones (two
look-ups per request, the page and its versions, and no query) and until the moment it said
it would change by itself (a consultation opening or closing). A page's threads are kept
with versions of their own (KeptThreads): when only those of some threads changed (a
reaction, an edit), those threads alone are rendered into the page.

Only requests that cannot be personal are cached: GET without a session or messages cookie,
at a path this process has served as a Wagtail page (consult.core.routes.seen_as_page: no
other path costs a look-up), at an address the page's own links write
(settings.CONSULT_PAGE_CACHE_ADDRESSES says which; for consultations,
consult.discussion.listing_cache). Any other address is answered without a look in the
cache, and the address rules may answer a request (a redirect) before any look-up. So only
addresses that exist take room, and no request can empty the cache: a page is kept
PAGE_MAX_AGE seconds at most, and the in-process stores are bounded, their least recently
used entry leaving first, one at a time. A response that sets a cookie, uses a CSRF token,
touches the session or adds a message is not kept, and a kept page's CSP nonce is replaced
by the request's own when it is served.
"""

import dataclasses
import functools
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from consult.core.cache_keys import hashed_key
from consult.core.kept import Kept
from consult.core.routes import prime_route, remember_route, seen_as_page
from consult.core.versions import (
    discussion_keys,
    own_versions,
    request_cache,
    thread_keys,
    thread_versions,
    versions,
    versions_for_rendering,
)

# A page whose versions are still current is still right; the age limit only bounds what a
# change made behind the services' and signals' back (a bulk update) can leave, and how long
# a page stays in the shared cache.
PAGE_MAX_AGE = 300
# A page whose threads changed has them rendered afresh into it only this long after it was
# rendered whole: its live stream number is as old as the page, and a reader's script replays
# every event since (at most two a second of tallies on a busy consultation).
THREADS_REFRESHED_FOR = 60
# What every participant sees alike of a page of a consultation's discussion: which threads
# it shows, and their rows.
SHARED_KEPT = 128


@dataclass(frozen=True)
class KeptThreads:
    """The threads `root_ids` of the page `page_id` (of the consultation `consultation_id`),
    each kept with its version (consult.core.versions, read under `keys`, thread_keys()):
    when only some of those changed, settings.CONSULT_PAGE_CACHE_THREADS renders them afresh
    (None when it cannot), and the rest of the page is still good."""

    keys: tuple[str, ...]
    versions: tuple
    html: tuple[str, ...]
    page_id: int
    consultation_id: int
    root_ids: tuple[int, ...]


@dataclass(frozen=True)
class _Page:
    # The versions the page, but for its threads, was rendered under (no process's own: any
    # process may serve it).
    keys: tuple[str, ...]
    versions: tuple
    expires_at: datetime | None
    # time.time(), which every process reads alike.
    rendered_at: float
    content: bytes
    headers: tuple[tuple[str, str], ...]
    nonce: str | None
    threads: KeptThreads | None = None
    # Where the threads' HTML lies in `content`, when it could be found.
    threads_at: tuple[int, int] | None = None

    def fresh(self) -> bool:
        return time.time() - self.rendered_at < PAGE_MAX_AGE and (
            self.expires_at is None or timezone.now() < self.expires_at
        )

    def current(self, request: HttpRequest) -> "_Page | None":
        """This page, or one with its changed threads rendered afresh, while everything else
        it shows is still current; None otherwise."""
        threads = self.threads
        thread_keys = threads.keys if threads else ()
        found = versions((*self.keys, *thread_keys))
        if found[: len(self.keys)] != self.versions or not self.fresh():
            return None
        if threads is None:
            return self
        read = found[len(self.keys) : -1]
        now = thread_versions(read)
        if now is None:
            return None
        changed = [
            n for n, (was, is_) in enumerate(zip(threads.versions, now, strict=True)) if was != is_
        ]
        if not changed:
            return self
        too_old = time.time() - self.rendered_at >= THREADS_REFRESHED_FOR
        if self.threads_at is None or too_old:
            return None
        return self._rerendered(request, changed, read, now)

    def _rerendered(self, request: HttpRequest, changed: list[int], read, now) -> "_Page | None":
        """This page with the threads at `changed` rendered afresh, kept under `now`."""
        threads = self.threads
        now = list(now)
        # Those that went by the epoch get their own, or the next change to any thread would
        # render them again.
        by_epoch = [n for n in changed if read[n + 1] is None]
        if by_epoch:
            own = own_versions([threads.keys[n + 1] for n in by_epoch])
            for n, version in zip(by_epoch, own, strict=True):
                now[n] = version
        # Read after the versions, as a thread rendered to be kept always is.
        fresh = _thread_renderer()(
            request,
            page_id=threads.page_id,
            consultation_id=threads.consultation_id,
            root_ids=[threads.root_ids[n] for n in changed],
        )
        if fresh is None:
            return None
        html = list(threads.html)
        for n, fragment in zip(changed, fresh, strict=True):
            html[n] = fragment
        start, end = self.threads_at
        joined = "".join(html).encode()
        return dataclasses.replace(
            self,
            content=self.content[:start] + joined + self.content[end:],
            threads=dataclasses.replace(threads, versions=tuple(now), html=tuple(html)),
            threads_at=(start, start + len(joined)),
        )


@functools.cache
def _address_rules():
    return import_string(settings.CONSULT_PAGE_CACHE_ADDRESSES)


@functools.cache
def _thread_renderer():
    return import_string(settings.CONSULT_PAGE_CACHE_THREADS)


def _page_key(request: HttpRequest) -> str | None:
    """The key of this request's page (by host, path with query and language), or None when
    the request may be personal."""
    # Wagtail marks a preview's request `is_dummy` before the middleware, `is_preview` after.
    if request.method != "GET" or getattr(request, "is_dummy", False):
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    return hashed_key(
        "pagecache:page", request.get_host(), request.get_full_path(), translation.get_language()
    )


def _put(key: str, page: "_Page") -> None:
    """Keep `page` for every process until it is too old to serve."""
    left = PAGE_MAX_AGE - (time.time() - page.rendered_at)
    if left > 0:
        cache.set(key, page, int(left) + 1)


def render_to_keep(
    request: HttpRequest, *, keys: tuple[str, ...], expires_at, render
) -> HttpResponse:
    """`render()`; when the request may be kept, note the versions under `keys` (and this
    process's) read before rendering, so the middleware keeps the result under them until
    `expires_at` at most."""
    state = request_cache(request)
    if state.page_key is None:
        return render()
    current = versions_for_rendering(keys)
    response = render()
    if current is not None:
        # Without this process's version: any process may serve the page.
        state.page_versions = {"keys": keys, "versions": current[:-1], "expires_at": expires_at}
    return response


def keep_threads(request: HttpRequest, threads: KeptThreads) -> None:
    """The threads the page being rendered shows, with the versions they were read under:
    kept with the page, so a change to one of them renders it alone."""
    state = request_cache(request)
    if state.page_key is not None:
        state.page_threads = threads


_shared = Kept(SHARED_KEPT)


def _shared_value(full_key: tuple, current: tuple, compute):
    found = _shared.get(full_key)
    if found is not None and found[0] == current and time.monotonic() - found[1] < PAGE_MAX_AGE:
        return found[2]
    value = compute()
    _shared.put(full_key, (current, time.monotonic(), value))
    return value


def discussion_shared(consultation, key: tuple, compute, *, extra_keys: tuple[str, ...] = ()):
    """What `compute()` gives for `consultation`'s discussion (what every participant sees
    alike: which threads a page of it shows, the counts, the tallies), kept while the
    versions it was read under, the discussion's and those under `extra_keys`, are current.
    `key` names everything else it depends on; the language is part of it already."""
    keys = discussion_keys(consultation.translation_key, *extra_keys)
    current = versions_for_rendering(keys)
    if current is None:
        return compute()
    return _shared_value((consultation.pk, translation.get_language(), *key), current, compute)


@dataclass(frozen=True)
class ThreadVersions:
    """The versions some threads were read under: each thread's (`versions`, read under
    `keys`, thread_keys()) and those of everything else they show (`under`: the site's, the
    discussion's, this process's)."""

    keys: tuple[str, ...]
    versions: tuple
    under: tuple

    def of(self, n: int) -> tuple:
        """What names the rows of the thread at `n` as read: a change to them, or to anything
        else they show, gives another name."""
        return (*self.under, self.keys[n + 1], self.versions[n])


def threads_shared(consultation, root_ids: tuple, compute, *, variant: tuple = ()):
    """What `compute()` gives for the threads of `root_ids` (their rows, as every participant
    who sees no held comment sees them), kept while the discussion's version and each
    thread's are current; `variant` names anything else it depends on. Returns it with the
    versions it was read under (ThreadVersions), or None for them when the cache cannot be
    reached."""
    key = consultation.translation_key
    keys = discussion_keys(key)
    threads = thread_keys(key, root_ids)
    # The epoch is started afresh where evicted, as the discussion's version is.
    current = versions_for_rendering((*keys, threads[0]), optional=threads[1:])
    now = None if current is None else thread_versions(current[len(keys) : -1])
    if now is None:
        return compute(), None
    under = (*current[: len(keys)], current[-1])
    full_key = (consultation.pk, translation.get_language(), "threads", root_ids, *variant)
    return _shared_value(full_key, (*under, *now), compute), ThreadVersions(threads, now, under)


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


def _keep(
    key: str,
    request: HttpRequest,
    response: HttpResponse,
    rendered: dict,
    threads: KeptThreads | None,
) -> None:
    if response.status_code != 200 or response.streaming or _personal(request, response):
        return
    nonce = get_nonce(request)
    content = response.content
    threads_at = None
    if threads is not None:
        # The threads' HTML is written in a row (discussion/section.html).
        joined = "".join(threads.html).encode()
        start = content.find(joined)
        threads_at = None if start < 0 else (start, start + len(joined))
    page = _Page(
        **rendered,
        rendered_at=time.time(),
        content=content,
        headers=tuple(
            (name, value) for name, value in response.items() if name != "Content-Length"
        ),
        nonce=str(nonce) if nonce else None,
        threads=threads,
        threads_at=threads_at,
    )
    _put(key, page)


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
            # Only where this process has served a page: any other path would cost every
            # request a look-up in the shared cache (and a health check, a wait on it).
            page = cache.get(key) if seen_as_page(request) else None
            current = page and page.current(request)
            if current is not None:
                if current is not page:
                    _put(key, current)
                return _serve(current, request)
            request_cache(request).page_key = key
        route_key = prime_route(request)
        response = self.get_response(request)
        if route_key is not None:
            remember_route(route_key, request)
        state = request_cache(request)
        if key is not None and state.page_versions is not None:
            _keep(key, request, response, state.page_versions, state.page_threads)
        return response
