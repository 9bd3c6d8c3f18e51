"""Account pages of our own; allauth serves the rest under /accounts/."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

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
