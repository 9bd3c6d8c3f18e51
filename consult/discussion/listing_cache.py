"""Which addresses of a consultation's page its anonymous readers get from the page cache
(consult.core.page_cache), and the redirects that keep made-up ones out of it.

A listing asked for in another form than its links' (a made-up sort or a malformed page
number left out, the parameters in another order) is redirected to the links' address
without a look in the cache. A page past the last is redirected to the last: once the last
page is known under the current versions, before any look-up; otherwise after rendering
finds it, and never kept.
"""

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone

from consult.core.cache_keys import hashed_key
from consult.core.page_cache import PAGE_MAX_AGE, render_to_keep
from consult.core.versions import (
    discussion_keys,
    reaction_order_key,
    versions,
    versions_for_rendering,
)
from consult.discussion.addresses import (
    DEFAULT_SORT,
    PARAMETERS,
    REACTION_SORTS,
    ListingAddress,
    PastTheLastPage,
    canonical_query,
    listing_address,
)


def _last_page_key(request: HttpRequest) -> str:
    """Where this process keeps the last page of the public listing at this address (every
    sort has as many), with the versions it was found under. In its own memory (the `local`
    cache): a listing's kept pages past the first are looked up at no cost, where the shared
    cache would take a round trip more for each."""
    return hashed_key("listing:last-page", request.get_host(), request.path)


def _redirect(request: HttpRequest, address: ListingAddress) -> HttpResponse:
    return HttpResponseRedirect(
        f"{request.path}?{address.query}" if address.query else request.path
    )


def cached_address(request: HttpRequest) -> bool | HttpResponse:
    """Whether the page cache may look this request up (settings.CONSULT_PAGE_CACHE_ADDRESSES):
    only a listing's own address; a redirect for a page past the last known one."""
    if request.META.get("QUERY_STRING", "") != canonical_query(request.GET):
        return False
    address = listing_address(request.GET)
    last = caches["local"].get(_last_page_key(request)) if address.page else None
    if last is not None and address.page > last[2] and versions(last[0]) == last[1]:
        return _redirect(request, ListingAddress(sort=address.sort, page=last[2]))
    return True


def _changes_at(page, now):
    """The next moment `page`'s status changes by itself, if any."""
    moments = (page.opens_at, page.closes_at, page.outcome_published_at)
    return min((moment for moment in moments if moment and moment > now), default=None)


def listing_response(request: HttpRequest, page, render) -> HttpResponse:
    """Serve consultation `page` with `render()`, kept for anonymous readers where it may be;
    a listing asked for in another form than its links', or past its last page, is
    redirected to an address of the links' (the last page's)."""
    address = listing_address(request.GET)
    if (
        set(PARAMETERS).issuperset(request.GET)
        and request.META.get("QUERY_STRING", "") != address.query
    ):
        return _redirect(request, address)
    # Read before the rows, as the page cache reads them: the last page is never kept under
    # versions newer than what found it.
    keys = discussion_keys(page.translation_key)
    current = versions_for_rendering(keys) if address.page else None
    # A page's threads are kept under their own versions besides (consult.core.page_cache);
    # their order, where reactions decide it, under the reaction order's.
    sort = address.sort or DEFAULT_SORT
    order = (reaction_order_key(page.translation_key),) if sort in REACTION_SORTS else ()
    try:
        return render_to_keep(
            request,
            keys=(*keys, *order),
            expires_at=_changes_at(page, timezone.now()),
            render=render,
        )
    except PastTheLastPage as past:
        if current is not None:
            caches["local"].set(_last_page_key(request), (keys, current, past.last), PAGE_MAX_AGE)
        return _redirect(request, ListingAddress(sort=address.sort, page=past.last))
