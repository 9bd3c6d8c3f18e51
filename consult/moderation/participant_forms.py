"""Forms participants fill in about moderation: a report (flag) and an appeal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from consult.moderation.reasons import rule_texts


class FlagForm(forms.Form):
    rule_code = forms.ChoiceField(
        label=_("Which house rule does it break?"), widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        help_text=_("Only the moderators read this. At most 1,000 characters."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rules' published titles and explanations, in the reader's language.
        self.rules = list(rule_texts().values())
        self.fields["rule_code"].choices = [(rule.code, rule.title) for rule in self.rules]


class AppealForm(forms.Form):
    statement = forms.CharField(
        label=_("Why do you think the decision is wrong?"),
        help_text=_(
            "A moderator who did not take the decision will read this. At most 4,000 characters."
        ),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
