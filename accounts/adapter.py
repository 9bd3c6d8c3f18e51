"""allauth behaviour for Consult, changed only through the adapter."""

import time
from urllib.parse import urlencode

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.utils import get_next_redirect_url
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.contrib.settings.registry import registry

from accounts.privacy.network import client_address_hash
from accounts.privacy.queries import scheduled_deletion
from accounts.tasks import account_mail_enqueue


def in_current_language(url: str) -> str:
    """The same page in the language of this request: the settings name English paths."""
    language = translation.get_language()
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url, language)


class AccountAdapter(DefaultAccountAdapter):
    # Someone who signs up, in or out on the French pages stays on the French pages.
    def get_login_redirect_url(self, request) -> str:
        # Signing in during a deletion's grace period leads to the page that can cancel it.
        if scheduled_deletion(request.user):
            return in_current_language(reverse("account_privacy"))
        return in_current_language(super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request) -> str:
        return in_current_language(super().get_signup_redirect_url(request))

    def get_logout_redirect_url(self, request) -> str:
        return in_current_language(super().get_logout_redirect_url(request))

    # The mailed link carries the page the newcomer signed up from. In the browser that
    # signed up, allauth signs them in and returns them there itself; in another (a mail
    # app's) they are not signed in, so the link leads to sign-in, which then goes there.
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        url = super().get_email_confirmation_url(request, emailconfirmation)
        next_url = request and get_next_redirect_url(request)
        if not next_url:
            return url
        sign_in = f"{reverse('account_login')}?{urlencode({'next': next_url})}"
        return f"{url}?{urlencode({'next': in_current_language(sign_in)})}"

    # allauth counts only a re-entered password as recent, so someone who set up two-factor
    # authentication seconds after signing in was asked for their password again. A
    # sign-in within the same window (ACCOUNT_REAUTHENTICATION_TIMEOUT) counts too.
    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        request = allauth_context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            window = allauth_account_settings.REAUTHENTICATION_TIMEOUT
            if records and time.time() - records[-1]["at"] < window:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

    # allauth's rate limits key their counters by this; they get a keyed, daily-rotating
    # hash, never the raw address (accounts/privacy/network.py).
    def get_client_ip(self, request) -> str:
        return client_address_hash(super().get_client_ip(request))

    # Rendered here, where the request is; sent by a task, so no answer waits on the mail
    # server, and signing up with a registered address (which allauth answers with a mail
    # to its owner) does the same work as with a new one (accounts/signup.py).
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        site_settings = registry.get_by_natural_key("cms", "SiteSettings").for_request(request)
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": request,
                "email": email,
                "current_site": get_current_site(request),
                # Mails name the site as its pages do, not by its address.
                "site_name": site_settings.organisation_name,
                **context,
            },
        )
        account_mail_enqueue(message)
