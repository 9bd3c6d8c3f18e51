"""The moderators' forms: the queue's filters, its action bar, and an appeal's decision."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from consult.moderation.models import AppealOutcome
from consult.moderation.reasons import rule_choices

ANY = [("", _("Any"))]


class QueueFilterForm(forms.Form):
    consultation = forms.TypedChoiceField(
        label=_("Consultation"), required=False, coerce=int, empty_value=None
    )
    rule = forms.ChoiceField(label=_("Rule"), required=False)
    automated = forms.ChoiceField(
        label=_("Held by"),
        required=False,
        choices=[*ANY, ("yes", _("An automated check")), ("no", _("Not automation"))],
    )
    age = forms.ChoiceField(
        label=_("Waiting"),
        required=False,
        choices=[
            *ANY,
            ("day", _("Less than a day")),
            ("week", _("One to seven days")),
            ("older", _("More than seven days")),
        ],
    )

    def __init__(self, *args, consultations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].choices = [*ANY, *consultations]
        self.fields["rule"].choices = [*ANY, *rule_choices()]


class QueueActionForm(forms.Form):
    """One action, with its rule and public note, on every ticked comment."""

    ACTIONS = [
        ("approve", _("Approve (show it)")),
        ("hide", _("Hide")),
        ("restore", _("Restore (show again)")),
        ("dismiss", _("Dismiss the reports (no breach)")),
        ("lock", _("Lock the thread")),
        ("unlock", _("Unlock the thread")),
        ("campaign", _("Mark as one coordinated campaign")),
        ("suspend", _("Suspend the authors")),
    ]

    comments = forms.TypedMultipleChoiceField(
        label=_("Comments"),
        coerce=int,
        error_messages={"required": _("Tick at least one comment.")},
    )
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[("", _("Choose…")), *ACTIONS],
        error_messages={"required": _("Choose what to do with the ticked comments.")},
    )
    rule = forms.ChoiceField(
        label=_("House rule"),
        help_text=_("Every decision cites the rule it applies."),
        error_messages={"required": _("Choose the house rule this decision applies.")},
    )
    public_note = forms.CharField(
        label=_("Public note (optional)"),
        help_text=_("Shown with the statement of reasons. No personal data."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    suspend_days = forms.IntegerField(
        label=_("Suspend for (days)"),
        required=False,
        initial=7,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    def __init__(self, *args, comment_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].choices = [(pk, pk) for pk in comment_ids]
        self.fields["rule"].choices = [("", _("Choose…")), *rule_choices()]

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend" and not data.get("suspend_days"):
            self.add_error("suspend_days", _("Say for how many days."))
        return data


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        error_messages={"required": _("Choose whether the decision is upheld or reversed.")},
        widget=forms.RadioSelect,
        choices=[
            (AppealOutcome.UPHELD, _("Uphold the decision")),
            (AppealOutcome.REVERSED, _("Reverse the decision")),
        ],
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        error_messages={"required": _("Give the reasons for the outcome.")},
        help_text=_("The appellant reads these; they are public with the statement of reasons."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
