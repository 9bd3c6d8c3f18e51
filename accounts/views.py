"""Account pages of our own; allauth serves the rest under /accounts/."""

from allauth.account.internal.flows.email_verification import send_verification_email_at_login
from allauth.account.internal.stagekit import get_pending_stage
from allauth.account.stages import EmailVerificationStage
from allauth.account.views import ConfirmEmailView as AllauthConfirmEmailView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import ProfileForm
from accounts.queries import profile_for
from accounts.services import profile_update


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    current = profile_for(request.user)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        saved = profile_update(profile=current, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        # Show the confirmation in the language just chosen.
        return redirect(translate_url(request.path, saved.preferred_language))
    return render(request, "accounts/profile.html", {"form": form, "profile": current})


def _signing_up(request: HttpRequest):
    """The signup waiting for its address to be confirmed in this browser's session."""
    stage = get_pending_stage(request)
    if stage is None or stage.key != EmailVerificationStage.key:
        return None
    return stage.login


class ConfirmEmailView(AllauthConfirmEmailView):
    def get(self, *args, **kwargs) -> HttpResponse:
        # Only the session that signed up can hold its pending signup: a scanner or another
        # browser still gets the page with its Confirm button.
        login = _signing_up(self.request)
        confirmation = self.get_object() if login and login.user else None
        if confirmation and confirmation.email_address.user_id == login.user.pk:
            return self.post(*args, **kwargs)
        return super().get(*args, **kwargs)


confirm_email = ConfirmEmailView.as_view()


@require_POST
def verification_resend(request: HttpRequest) -> HttpResponse:
    """Mail the confirmation link again to whoever is between signup and confirming, as
    allauth's "verify your email" page offers no way to: the signup's session says who."""
    login = _signing_up(request)
    if login is None:
        return redirect("account_login")
    # allauth sends at most one link a few minutes (ACCOUNT_RATE_LIMITS "confirm_email"),
    # and says so when it has sent one.
    if not send_verification_email_at_login(request, login):
        messages.info(
            request,
            _(
                "We sent you a link less than three minutes ago. Check your inbox and spam "
                "folder, or try again in a few minutes."
            ),
        )
    return redirect("account_email_verification_sent")
