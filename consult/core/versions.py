"""Versions of what pages show, kept in the shared cache (the database or Redis).

What a process keeps between requests (pages, routes, fragments) is valid only under the
versions it was rendered under:

- a consultation's discussion version (its structure: which threads a listing shows, in
  which order, the counts and the tallies), which consult.realtime.publish replaces whenever
  it tells live readers of a change, or of a change they are not told of (`page_changed`);
- each thread's version, which publish replaces alone for a change that stays inside the
  thread (a reaction to one of its comments, an edit): what was kept of the other threads
  stays good. What a thread shows is valid under both its own version and the discussion's.
  A thread has a version of its own once it changed (or once a kept page renders it alone);
  until then it goes by the consultation's thread epoch, which every change to a thread
  replaces too, so a thread's version, once evicted, never matches what was kept before it
  was set (and a page's first rendering sets no version per thread);
- a consultation's reaction order version, which a reaction replaces too: listings sorted by
  reactions are kept under it;
- the site version, which editorial changes replace: publishing or moving any page (menus,
  language links and the page itself), publishing a snippet (the AI system card), the site
  settings, documents, participants' profiles (the names shown beside comments), house
  rules (the rule a hidden comment's tombstone names) and privacy restrictions (who may read
  a page at all);
- this process's own version, replaced when it finds the shared cache unreachable: a version
  replaced during the outage never reached it, so nothing kept before can be trusted.

A version is a fresh random token rather than a counter, so no backend needs an atomic
increment and an evicted version can never come back with an old value. It is replaced when
the write happens and again once it commits: a reader who reads the version after the
writer's commit renders from the committed rows, and one who rendered before kept its page
under a version that is already gone. Readers read the versions before the rows, so nothing
is ever kept under versions newer than its data.
"""

import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from consult.core.failsoft_cache import on_outage, on_recovery

SITE_VERSION_KEY = "pagecache:site"
VERSION_TIMEOUT = 7 * 24 * 3600


@dataclass
class RequestCache:
    """What one request read of the versions and what it may keep under them: the request's
    `consult_cache` (request_cache)."""

    site: str | None = None
    site_read: bool = False
    # The key its page is kept under, when it may be kept for anonymous readers.
    page_key: str | None = None
    # What the page was rendered under, when it was rendered to be kept.
    page_versions: dict | None = None
    # Its threads, with the versions they were read under (page_cache.KeptThreads).
    page_threads: object | None = None
    # Its path was never seen to be a page: remembered as one if it turns out to be.
    route_unseen: bool = False


class _ProcessVersion:
    token = secrets.token_hex(8)

    @classmethod
    def replace(cls) -> None:
        # One assignment: readers see the old token or the new one, never a mix.
        cls.token = secrets.token_hex(8)


def process_version() -> str:
    return _ProcessVersion.token


def discussion_key(translation_key) -> str:
    # Every language version of a consultation shares its discussion, and its translation key.
    return f"pagecache:discussion:{translation_key}"


def thread_key(translation_key, root_id: int) -> str:
    return f"pagecache:thread:{translation_key}:{root_id}"


def thread_epoch_key(translation_key) -> str:
    return f"pagecache:thread-epoch:{translation_key}"


def thread_keys(translation_key, root_ids) -> tuple[str, ...]:
    """The keys the versions of the threads `root_ids` are read under: the epoch's, then
    each thread's own (see thread_versions)."""
    return (
        thread_epoch_key(translation_key),
        *(thread_key(translation_key, pk) for pk in root_ids),
    )


def thread_versions(found) -> tuple | None:
    """Each thread's version from the values read under thread_keys(): its own, or the
    epoch's for a thread without one; None when the epoch was not found."""
    epoch, *own = found
    if epoch is None:
        return None
    return tuple(f"~{epoch}" if version is None else version for version in own)


def own_versions(keys) -> tuple[str, ...]:
    """New versions of their own for the threads under `keys`, which go by the epoch: a page
    that renders them alone sets them, before reading their rows, so that a change to another
    thread no longer replaces theirs. (Setting rather than adding is safe: a version someone
    else set meanwhile is replaced by another new one, which kept nothing.)"""
    fresh = {key: secrets.token_hex(8) for key in keys}
    cache.set_many(fresh, VERSION_TIMEOUT)
    return tuple(fresh.values())


def reaction_order_key(translation_key) -> str:
    return f"pagecache:reaction-order:{translation_key}"


def _replace(keys: tuple[str, ...]) -> None:
    cache.set_many({key: secrets.token_hex(8) for key in keys}, VERSION_TIMEOUT)


def replace_versions(*keys: str) -> None:
    """Replace the versions under `keys` now and again once the transaction commits."""
    _replace(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace(keys))


def discussion_changed(translation_key) -> None:
    """Only consult.realtime.publish calls this and the two below: writers call publish."""
    replace_versions(discussion_key(translation_key))


def thread_changed(translation_key, root_id: int, *also: str) -> None:
    replace_versions(thread_key(translation_key, root_id), thread_epoch_key(translation_key), *also)


def reactions_changed(translation_key, root_id: int) -> None:
    """A reaction to a comment of thread `root_id`: its counters, and the reaction order."""
    thread_changed(translation_key, root_id, reaction_order_key(translation_key))


def site_changed(**kwargs) -> None:
    """Something every page may show changed (a signal receiver, too)."""
    replace_versions(SITE_VERSION_KEY)


def request_cache(request: HttpRequest) -> RequestCache:
    state = getattr(request, "consult_cache", None)
    if state is None:
        state = request.consult_cache = RequestCache()
    return state


def site_version(request: HttpRequest | None) -> str | None:
    """The site version (with this process's), read once per request so that everything this
    request keeps is kept under the one it read before reading any row; None without a
    request or a reachable cache."""
    if request is None:
        return None
    state = request_cache(request)
    if not state.site_read:
        version = cache.get(SITE_VERSION_KEY)
        if version is None:
            # Evicted or never set: start afresh (another process may race us to it).
            cache.add(SITE_VERSION_KEY, secrets.token_hex(8), VERSION_TIMEOUT)
            version = cache.get(SITE_VERSION_KEY)
        state.site = None if version is None else f"{version}.{process_version()}"
        state.site_read = True
    return state.site


def discussion_keys(translation_key, *extra: str) -> tuple[str, ...]:
    """The keys of the versions what a consultation's discussion shows is kept under: the
    site's, the discussion's, and `extra` (threads', the reaction order's)."""
    return (SITE_VERSION_KEY, discussion_key(translation_key), *extra)


def versions(keys: tuple[str, ...]) -> tuple:
    """The versions under `keys` and this process's, in one look-up; None for one not found."""
    found = cache.get_many(keys)
    return (*(found.get(key) for key in keys), process_version())


def versions_for_rendering(keys: tuple[str, ...], *, optional=()) -> tuple | None:
    """`versions` of `keys` and `optional`, those of `keys` started afresh where evicted; None
    when the cache cannot be reached."""
    current = versions((*keys, *optional))
    if None in current[: len(keys)]:
        for key, version in zip(keys, current, strict=False):
            if version is None:
                cache.add(key, secrets.token_hex(8), VERSION_TIMEOUT)
        current = versions((*keys, *optional))
    return None if None in current[: len(keys)] else current


def connect_signals() -> None:
    """Editorial changes replace the site version (called once, from the cms app's ready())."""
    on_outage(_ProcessVersion.replace)
    on_recovery(site_changed)
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(site_changed, dispatch_uid=f"pagecache-{id(signal)}")


def site_shows(model, *, saved: bool = True) -> None:
    """Rows of `model` are shown on pages kept for everyone: deleting one (and saving one,
    when `saved`) replaces the site version. Each app names its own models from its ready()."""
    label = model._meta.label
    if saved:
        post_save.connect(site_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
    post_delete.connect(site_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")
