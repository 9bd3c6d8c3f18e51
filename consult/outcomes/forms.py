"""Forms of the outcomes: the summary's editor form in Wagtail, theme tagging, following."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from consult.consultations.queries import canonical_consultation

THEME_RESPONSES = "theme_responses"


class SummaryPageForm(WagtailAdminPageForm):
    """Refuses to publish a summary that is not traceable: every theme of the consultation
    needs a response here and at least one visible comment tagged with it. Drafts may be
    saved incomplete. Publishing by any other way asks the same rule in
    `services.summary_publish`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Imported here: the models module imports this form.
        from consult.outcomes.models import Theme

        parent = self.parent_page or (self.instance.get_parent() if self.instance.pk else None)
        if parent is None:
            return
        consultation = canonical_consultation(parent.specific)
        themes = Theme.objects.filter(consultation=consultation)
        formset = self.formsets[THEME_RESPONSES]
        base = formset.form
        tagging = format_html(
            '{} <a href="{}">{}</a>',
            _("The comments tagged with it are shown beside your response."),
            reverse("outcomes:themes", args=[consultation.pk]),
            _("Tag comments with themes"),
        )

        # Offer only this consultation's themes (its forms are built later, from this class).
        class ThemeResponseForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["theme"].queryset = themes
                self.fields["theme"].help_text = tagging
                # Publishing needs it (the check below names the theme that lacks one); a
                # draft may be saved without it, so it is marked rather than required.
                self.fields["response"].label = _("Our response (required to publish)")
                self.fields["response"].help_text = _("A draft can be saved without it.")

        formset.form = ThemeResponseForm

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid or "action-publish" not in self.data:
            return valid
        # Imported here: the models module imports this form.
        from consult.outcomes.services import summary_publish_problems

        consultation = self.parent_page or self.instance.get_parent()
        problems = summary_publish_problems(
            consultation=consultation.specific, responses=self._responses()
        )
        for problem in problems:
            self.add_error(None, problem)
        return not problems

    def _responses(self) -> dict[int, str]:
        """Theme id -> response text, as submitted (deleted rows left out)."""
        answered = {}
        for form in self.formsets[THEME_RESPONSES].forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or data.get("theme") is None:
                continue
            answered[data["theme"].pk] = data.get("response") or ""
        return answered


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("New theme"), max_length=120)


class TaggingForm(forms.Form):
    """Tag (or untag) the ticked comments with one theme."""

    theme = forms.ModelChoiceField(label=_("Theme"), queryset=None, empty_label=None)
    comments = forms.TypedMultipleChoiceField(
        label=_("Comments"),
        coerce=int,
        error_messages={"required": _("Tick at least one comment.")},
    )
    action = forms.ChoiceField(choices=[("tag", _("Tag")), ("untag", _("Untag"))])

    def __init__(self, *args, themes, comment_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["comments"].choices = [(pk, pk) for pk in comment_ids]


class FollowByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send one email to confirm; nothing else until you confirm."),
    )


class ContestForm(forms.Form):
    """An author says the theme citing their comment misrepresents their view."""

    statement = forms.CharField(
        label=_("What does the theme get wrong? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Plain text, at most 2,000 characters. Staff read it beside the theme; the public "
            "sees only how many people contested the theme."
        ),
    )
