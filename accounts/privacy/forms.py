"""Forms of the My data page: research consent and account deletion."""

from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import DeletionMode
from accounts.privacy.policy import RESEARCH_CONSENT_EXPLANATION

RESEARCH_CONSENT_LABEL = _("Include my contributions in the open research data")


class ResearchConsentForm(forms.Form):
    research_consent = forms.BooleanField(
        label=RESEARCH_CONSENT_LABEL, required=False, help_text=RESEARCH_CONSENT_EXPLANATION
    )

    def __init__(self, *args, **kwargs):
        # The label is a sentence beside its checkbox: no colon after it.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AccountDeletionForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("What should happen to what you wrote?"),
        choices=DeletionMode.choices,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To confirm it is you."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # allauth's limit for confirming a password ("reauthenticate"), per user.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.request.user):
            raise ValidationError(
                _("Too many attempts. Please wait a minute and try again."), code="rate_limited"
            )
        if not self.request.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password
