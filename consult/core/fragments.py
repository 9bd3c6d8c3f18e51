"""HTML fragments kept per process, and the reader's own tokens put into them.

Fragments of pages that only editorial content decides (menus, the footer, a consultation's
description, forms as they are first shown) are rendered once per site version, language,
time zone and path. A fragment that holds a form is rendered with placeholders for the CSRF
token and the CSP nonce, and each reader gets their own put in.
"""

from django.http import HttpRequest
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from consult.core.kept import Kept
from consult.core.versions import site_version
from consult.core.viewer import viewer_for

FRAGMENTS_KEPT = 2048
# Letters and digits only, like a real token, so escaping leaves it as it is.
CSRF_PLACEHOLDER = "consultCsrfTokenPlaceholder0000"
NONCE_PLACEHOLDER = "consultCspNoncePlaceholder00000"

_fragments = Kept(FRAGMENTS_KEPT)


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
