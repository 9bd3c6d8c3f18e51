"""Each thread's HTML, kept in the fragment cache and shared by every reader who sees it
alike.

A thread's entry is keyed by everything its templates read (the thread as that reader may
see it, the page, the language, the time zone, the templates themselves). A key names its
content, so an entry is never stale: a change (a reaction to one of its comments) makes a
new key for that thread only. Most readers see most threads alike, so most threads are
rendered once for everyone; a thread where this reader has reacted or written is rendered
for them. The CSRF token in a thread's forms is a placeholder there, replaced by the
reader's own token.
"""

import functools
import hashlib

from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from consult.consultations.models import ConsultationPage
from consult.core.cache_keys import hashed_key
from consult.core.fragments import CSRF_PLACEHOLDER, fragment_cache, with_csrf_token
from consult.core.viewer import viewer_for
from consult.discussion.queries.threads import public_threads

THREAD_TEMPLATE = "discussion/comment.html"
# Every template a thread's HTML comes from.
THREAD_TEMPLATES = (THREAD_TEMPLATE, "discussion/comment_body.html", "discussion/reactions.html")


@functools.cache
def _templates_version() -> str:
    sources = "\n".join(get_template(name).template.source for name in THREAD_TEMPLATES)
    return hashlib.sha256(sources.encode()).hexdigest()[:16]


def _fragments(threads: list, *, page, names: list | None = None) -> list[str]:
    """The HTML of each thread, with CSRF_PLACEHOLDER for the token of any form in it.
    `names`, when given, names what each thread's view shows (Discussion.thread_names)."""
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
    keys = []
    for n, thread in enumerate(threads):
        # Without names, the view's repr holds every field the templates read, its replies'.
        named = names[n] if names is not None else thread
        keys.append(hashed_key("consult.thread", setting, named))
    cache = fragment_cache()
    kept = cache.get_many(keys)
    html, rendered = [], {}
    for key, thread in zip(keys, threads, strict=True):
        fragment = kept.get(key) or rendered.get(key)
        if fragment is None:
            context = {"comment": thread, "page": page, "csrf_token": CSRF_PLACEHOLDER}
            fragment = rendered[key] = render_to_string(THREAD_TEMPLATE, context)
        html.append(fragment)
    cache.set_many(rendered, None)
    return html


def thread_html(
    threads: list, *, page, request: HttpRequest, names: list | None = None
) -> list[SafeString]:
    """The HTML of each thread (a `queries.CommentView` with its replies) shown on `page`,
    kept by `names` when given (Discussion.thread_names), by what the views hold otherwise."""
    fragments = _fragments(threads, page=page, names=names)
    return [with_csrf_token(request, fragment) for fragment in fragments]


def public_thread_html(
    request: HttpRequest, *, page_id: int, consultation_id: int, root_ids: list[int]
) -> list[str] | None:
    """The HTML of the threads of `root_ids` as the page `page_id` (of the consultation
    `consultation_id`), kept for anonymous readers, shows them (settings'
    CONSULT_PAGE_CACHE_THREADS, for consult.core.page_cache.KeptThreads); None when the page
    is gone or a thread holds a form, which such a page never does."""
    pages = ConsultationPage.objects.in_bulk({page_id, consultation_id})
    page, consultation = pages.get(page_id), pages.get(consultation_id)
    if page is None or consultation is None:
        return None
    views = public_threads(root_ids, viewer=viewer_for(request), consultation=consultation)
    html = _fragments(views, page=page)
    if len(html) != len(root_ids) or any(CSRF_PLACEHOLDER in fragment for fragment in html):
        return None
    return html
