"""The signup additions (allauth's ACCOUNT_SIGNUP_FORM_CLASS) and the profile form.

This module is imported by allauth.account.forms, so it must not import that module.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import PSEUDONYM_LIKE, PSEUDONYM_LIKE_ERROR, Profile, StakeholderGroup, User
from accounts.privacy.forms import CONSENT_PURPOSES, consent_fields
from accounts.privacy.services import consent_set
from accounts.services import profile_create

DISPLAY_NAME_HELP = _(
    "Shown beside what you write when you take part under your name. You can also take "
    "part under the pseudonym we give you."
)


class SignupForm(forms.Form):
    """Profile questions asked at signup; allauth adds email and passwords to it."""

    field_order = [
        "email",
        "password1",
        "password2",
        "display_name",
        "stakeholder_group",
        "organisation",
        "preferred_language",
        "research_consent",
        "automated_analysis_consent",
    ]

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=Profile._meta.get_field("display_name").max_length,
        help_text=DISPLAY_NAME_HELP,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    stakeholder_group = forms.ChoiceField(
        label=_("Which best describes you?"),
        choices=StakeholderGroup.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=Profile._meta.get_field("organisation").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Consent is given, never assumed: both boxes start unticked. Both can be changed
        # any time on the My data page, and for each contribution when posting it.
        self.fields.update(consent_fields())
        self.order_fields(self.field_order)
        # Default to the language the page is read in.
        self.fields["preferred_language"].initial = get_language()

    def clean_display_name(self) -> str:
        name = self.cleaned_data["display_name"].strip()
        if PSEUDONYM_LIKE.match(name):
            raise ValidationError(PSEUDONYM_LIKE_ERROR, code="pseudonym_like")
        return name

    def signup(self, request: HttpRequest, user: User) -> None:
        profile_create(
            user=user,
            display_name=self.cleaned_data["display_name"],
            stakeholder_group=self.cleaned_data["stakeholder_group"],
            organisation=self.cleaned_data["organisation"],
            preferred_language=self.cleaned_data["preferred_language"],
        )
        for field, purpose in CONSENT_PURPOSES.items():
            consent_set(user=user, purpose=purpose, granted=self.cleaned_data[field])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = [
            "display_name",
            "stakeholder_group",
            "organisation",
            "preferred_language",
            "outcome_emails",
        ]
        labels = {
            "stakeholder_group": _("Which best describes you?"),
            "organisation": _("Organisation (optional)"),
        }
        help_texts = {"display_name": DISPLAY_NAME_HELP}
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "stakeholder_group": forms.RadioSelect,
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
