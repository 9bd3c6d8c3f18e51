"""allauth's signup form (settings.ACCOUNT_FORMS), answering alike for new and registered
addresses.

A separate module from accounts/forms.py, which allauth.account.forms imports (it holds
ACCOUNT_SIGNUP_FORM_CLASS) and so cannot import it back.
"""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        # With ACCOUNT_PREVENT_ENUMERATION a registered address gets the same answer as a
        # new one, but a new one's password is hashed when its account is made: hash this
        # one too, and drop it, so the two take the same time (Django's ModelBackend does
        # the same for an unknown user at sign-in). Both mails go out by a task.
        if self.account_already_exists:
            make_password(self.cleaned_data["password1"])
        return super().try_save(request)

    def clean(self) -> dict:
        cleaned = super().clean()
        # allauth compares the two passwords only once the first is acceptable; say that
        # they differ in the same round, not after the first is fixed.
        first, second = self["password1"].value(), self["password2"].value()
        if first and second and first != second and not self.has_error("password2"):
            self.add_error("password2", _("You must type the same password each time."))
        return cleaned
