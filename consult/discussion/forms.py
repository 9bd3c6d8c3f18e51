"""Forms for the discussion: they parse and check what was typed; services decide the rest."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup
from consult.discussion.addresses import SEARCH_MAX_LENGTH
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


# A refused comment is sent back to its author with what they typed, up to this many times
# the limit: enough to edit it down, never a megabyte pasted by mistake.
ECHOED_MULTIPLE = 2


class CommentBodyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.CONSULT_COMMENT_MAX_LENGTH
        typed = self.data.get(self.add_prefix("body"), "") if self.is_bound else ""
        self.typed_length = len(typed)
        if self.typed_length > limit * ECHOED_MULTIPLE:
            self.data = self.data.copy()
            self.data[self.add_prefix("body")] = typed[: limit * ECHOED_MULTIPLE]
        # Built here so a changed setting (in tests, say) applies.
        self.fields["body"] = _counted_field(
            limit,
            label=_("Your comment"),
            help_text=_(
                "You can use **bold**, *italics*, lists (start lines with -), > quotes and links."
            ),
        )
        if self.typed_length > limit * ECHOED_MULTIPLE:
            # Said instead of "at most N characters (it has M)", which the cut text belies.
            self.fields["body"].error_messages["max_length"] = _(
                "Your comment is %(length)s characters long; the limit is %(limit)s. Only its "
                "first %(kept)s characters are shown here: shorten it and post again."
            ) % {"length": self.typed_length, "limit": limit, "kept": limit * ECHOED_MULTIPLE}


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


class CommentFilterForm(forms.Form):
    """The search and group filter above the comments: a plain GET form, read by
    `addresses.listing_filter`, which bounds what it accepts."""

    q = forms.CharField(
        label=_("Search the comments"), max_length=SEARCH_MAX_LENGTH, required=False
    )
    group = forms.ChoiceField(
        label=_("Stakeholder group"),
        choices=[("", _("All groups")), *StakeholderGroup.choices],
        required=False,
    )
