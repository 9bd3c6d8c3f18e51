"""GET filter forms for the consultation list and the AI system register. Invalid values are
ignored (the form shows why) rather than failing the page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consult.consultations.impact import ImpactLevel
from consult.consultations.models import LifecyclePhase
from consult.consultations.status import ConsultationStatus

YES_NO_ANY = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


class ConsultationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ConsultationStatus.choices],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)

    def filters(self) -> dict[str, str | None]:
        self.is_valid()  # keeps the valid fields in cleaned_data, drops the others
        data = self.cleaned_data
        return {"status": data.get("status") or None, "query": data.get("q") or None}


class RegisterFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("Lifecycle phase"),
        required=False,
        choices=[("", _("Any phase")), *LifecyclePhase.choices],
    )
    level = forms.TypedChoiceField(
        label=_("Impact level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level")), *ImpactLevel.choices],
    )
    biometric = forms.ChoiceField(
        label=_("Remote biometric identification"), required=False, choices=YES_NO_ANY
    )
    moderation = forms.ChoiceField(
        label=_("Automated content moderation"), required=False, choices=YES_NO_ANY
    )

    def filters(self) -> dict:
        self.is_valid()  # keeps the valid fields in cleaned_data, drops the others
        data = self.cleaned_data
        return {
            "phase": data.get("phase") or None,
            "impact_level": data.get("level"),
            "biometric": _yes_no(data.get("biometric")),
            "moderation": _yes_no(data.get("moderation")),
        }


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")
