"""Forms for the discussion: they parse and check what was typed; services decide the rest."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from consult.discussion.models import DisplayMode, ReactionValue, Stance


def _counted_textarea(limit: int, rows: int = 5) -> forms.Textarea:
    # consult.js turns data-maxlength into a live "characters remaining" counter. No
    # maxlength attribute: browsers would cut a long paste silently instead of saying so.
    return forms.Textarea(
        attrs={
            "rows": rows,
            "data-maxlength": limit,
            "data-remaining-text": _("%s characters remaining"),
            "data-over-text": _("%s characters too many"),
        }
    )


def _counted_field(limit: int, **kwargs) -> forms.CharField:
    field = forms.CharField(max_length=limit, widget=_counted_textarea(limit), **kwargs)
    field.widget.attrs.pop("maxlength", None)
    return field


class CommentBodyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here so a changed setting (in tests, say) applies.
        self.fields["body"] = _counted_field(
            settings.CONSULT_COMMENT_MAX_LENGTH,
            label=_("Your comment"),
            help_text=_(
                "You can use Markdown: *emphasis*, **bold**, lists, > quotes, links and `code`."
            ),
        )


class CommentForm(CommentBodyForm):
    display_mode = forms.ChoiceField(
        label=_("Show this comment"), choices=DisplayMode.choices, widget=forms.RadioSelect
    )
    # Ticked as the profile says (My data); an unticked box is a "no" for this comment.
    research_use = forms.BooleanField(
        label=_("Include this comment in the open research data"),
        required=False,
        help_text=_("Without your name, email address or pseudonym."),
        label_suffix="",
    )
    automated_analysis = forms.BooleanField(
        label=_("Include this comment in automated analysis (opinion groups)"),
        required=False,
        label_suffix="",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, name: str = "", pseudonym: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if name and pseudonym:
            self.fields["display_mode"].choices = [
                (
                    DisplayMode.PSEUDONYM,
                    _("Under my pseudonym, %(pseudonym)s") % {"pseudonym": pseudonym},
                ),
                (DisplayMode.NAMED, _("Under my name, %(name)s") % {"name": name}),
            ]


class PositionForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Your position on the proposal"), choices=Stance.choices, widget=forms.RadioSelect
    )
    reason = _counted_field(
        2000,
        label=_("Why? (optional)"),
        required=False,
        help_text=_(
            "Shown with your position on this page, under your pseudonym unless you chose to "
            "comment under your name in this consultation."
        ),
    )


# Posted by the button of one's current reaction: pressing it again takes the reaction back.
WITHDRAW = "withdraw"


class ReactionForm(forms.Form):
    value = forms.ChoiceField(choices=[*ReactionValue.choices, (WITHDRAW, _("Withdraw"))])
