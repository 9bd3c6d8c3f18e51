"""Forms of the My data page: consents and account deletion."""

from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import ConsentPurpose, DeletionMode
from accounts.privacy.policy import AUTOMATED_ANALYSIS_EXPLANATION, RESEARCH_CONSENT_EXPLANATION

RESEARCH_CONSENT_LABEL = _("Include my contributions in the open research data")
AUTOMATED_ANALYSIS_LABEL = _("Include my contributions in automated analysis (opinion groups)")


def consent_fields() -> dict[str, forms.BooleanField]:
    """The consent checkboxes, by the Profile field each one sets: signup and My data ask
    the same questions in the same words."""
    return {
        "research_consent": forms.BooleanField(
            label=RESEARCH_CONSENT_LABEL, required=False, help_text=RESEARCH_CONSENT_EXPLANATION
        ),
        "automated_analysis_consent": forms.BooleanField(
            label=AUTOMATED_ANALYSIS_LABEL,
            required=False,
            help_text=AUTOMATED_ANALYSIS_EXPLANATION,
        ),
    }


# The purpose each consent checkbox records.
CONSENT_PURPOSES = {
    "research_consent": ConsentPurpose.RESEARCH,
    "automated_analysis_consent": ConsentPurpose.AUTOMATED_ANALYSIS,
}


class ConsentForm(forms.Form):
    """The defaults for the participant's next contributions; a missing box is a "no"."""

    def __init__(self, *args, **kwargs):
        # The label is a sentence beside its checkbox: no colon after it.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields.update(consent_fields())


class ConsentWithdrawForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)


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
