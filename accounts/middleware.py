"""Keeps staff out of the admin and moderation tools until they have turned MFA on, and what
signed-in people are answered out of every cache but their own."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from accounts.permissions import has_mfa, needs_mfa

PROTECTED_PREFIXES = ("/" + settings.WAGTAILADMIN_PATH, "/moderation/")
AFTER_MFA_SETUP_SESSION_KEY = "consult_after_mfa_setup"


def _unprefixed(path: str) -> str:
    """The path without its language prefix, so /fr/moderation/ is guarded like /moderation/."""
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


class RequireMFAForStaffMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _unprefixed(request.path_info).startswith(PROTECTED_PREFIXES)
            and needs_mfa(request.user)
            and not has_mfa(request.user)
        ):
            messages.warning(
                request,
                _(
                    "Staff tools need two-factor authentication. Set up an authenticator "
                    "app or a security key to continue."
                ),
            )
            # The recovery codes page, where allauth ends the setup, leads back here.
            if request.method == "GET":
                request.session[AFTER_MFA_SETUP_SESSION_KEY] = request.get_full_path()
            return redirect("mfa_index")
        return self.get_response(request)


class PrivateWhenSignedInMiddleware:
    """Whatever is answered to a signed-in person is theirs alone: no shared cache may keep
    it, nor their browser on disk (My data, the moderation queue, a page with their own
    reactions, a download). Directives a view set are kept beside these, and "public" goes.

    A request whose session is empty cannot be signed in, and is not asked, so an anonymous
    page never reads the session for this (nor varies on the cookie because of it).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.session.is_empty() and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
