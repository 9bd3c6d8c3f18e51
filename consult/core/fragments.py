"""HTML fragments kept in Django's fragment cache, and the reader's own tokens put into them.

Fragments of pages that only editorial content decides (menus, the footer, a consultation's
description, forms as they are first shown) are rendered once per site version, host,
language, time zone and path: templates with Wagtail's `{% wagtailcache %}` tag, code with
`site_fragment`, both into the `template_fragments` cache and under the scope `fragments`
gives templates. A fragment that holds a form is rendered with placeholders for the CSRF
token and the CSP nonce, and each reader gets their own put in.
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.cache import InvalidCacheBackendError, caches
from django.core.cache.utils import make_template_fragment_key
from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from consult.core.versions import site_version
from consult.core.viewer import viewer_for

# Letters and digits only, like a real token, so escaping leaves it as it is.
CSRF_PLACEHOLDER = "consultCsrfTokenPlaceholder0000"
NONCE_PLACEHOLDER = "consultCspNoncePlaceholder00000"
# What the cache tag is given as the timeout of a fragment that must not be kept: Django's
# caches take 0 as "expired at once". A kept fragment has no timeout: its scope names the
# site version it was rendered under, and one of another version is never asked for again.
NOT_KEPT = 0


@dataclass
class FragmentScope:
    """What every kept fragment of a request is rendered under: `scope`, a vary-on value for
    the cache tag, and `timeout`, which keeps nothing while the site version cannot be read
    (no request, or the shared cache unreachable)."""

    request: HttpRequest | None

    @cached_property
    def scope(self) -> str | None:
        version = site_version(self.request)
        if version is None:
            return None
        return "|".join(
            (
                version,
                self.request.get_host(),
                translation.get_language(),
                timezone.get_current_timezone_name(),
                get_script_prefix(),
            )
        )

    @property
    def timeout(self) -> int | None:
        return None if self.scope is not None else NOT_KEPT


def fragment_scope(request: HttpRequest | None) -> dict:
    """Context processor: `fragments`, read only by the templates that keep a fragment."""
    return {"fragments": FragmentScope(request)}


def fragment_cache():
    """The cache Django's `{% cache %}` tag and Wagtail's keep fragments in."""
    try:
        return caches["template_fragments"]
    except InvalidCacheBackendError:
        return caches["default"]


def site_fragment(request: HttpRequest | None, key: tuple, render) -> SafeString:
    """The HTML `render()` gives, kept in the fragment cache while the site version is
    current, as `{% wagtailcache %}` keeps a template's. `key` names everything else the
    fragment depends on, its name first; previews are never kept."""
    fragments = FragmentScope(request)
    if fragments.scope is None or getattr(request, "is_preview", False):
        return render()
    name, *vary = key
    cache = fragment_cache()
    # The values' repr, not each one's str() as the tag takes them: a reader's own (their
    # answers) may hold the separator str() values are joined with, and must never run into
    # another reader's key.
    cache_key = make_template_fragment_key(name, [fragments.scope, repr(vary)])
    fragment = cache.get(cache_key)
    if fragment is None:
        fragment = render()
        cache.set(cache_key, fragment, None)
    return fragment


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
        fragment = fragment.replace(NONCE_PLACEHOLDER, str(get_nonce(request)))
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
