"""Forms of the Wagtail admin: the consultation's, with the checks that need its
contributions, and the AI system card's, with the checks between its own answers."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from consult.consultations import impact
from consult.consultations.aia import facts, results_file
from consult.consultations.contributions import latest_contribution_at


class ConsultationPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self._is_translation():
            # Shown, not editable: a translation runs on its source's dates
            # (ConsultationPage.with_content_json), so a change here would be lost.
            for name in ("opens_at", "closes_at"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "Set on the source version of this consultation: every translation "
                        "opens and closes with it."
                    )

    def _is_translation(self) -> bool:
        # Imported here: the queries module imports the page models, which name this form.
        from consult.consultations.queries import canonical_consultation

        return canonical_consultation(self.instance).pk != self.instance.pk

    def clean(self):
        cleaned = super().clean()
        closes_at = cleaned.get("closes_at")
        if self.instance.pk and closes_at and "closes_at" in self.changed_data:
            self._refuse_closing_before_latest_contribution(closes_at)
        return cleaned

    def _refuse_closing_before_latest_contribution(self, closes_at) -> None:
        # Imported here: the queries module imports the page models, which name this form.
        from consult.consultations.queries import canonical_consultation

        latest = latest_contribution_at(canonical_consultation(self.instance))
        if latest is not None and closes_at < latest:
            when = date_format(timezone.localtime(latest), "DATETIME_FORMAT")
            self.add_error(
                "closes_at",
                _(
                    "Participants contributed until %(latest)s, so the consultation cannot "
                    "have closed before then. Choose %(latest)s or later; to stop "
                    "contributions now, use “Close now”."
                )
                % {"latest": when},
            )


# The impact assessment's answer about automation that each way of deciding means.
AUTOMATION_FOR_DECISION_MODE = {
    "decision_support": "support",
    "human_in_the_loop": "review",
    "fully_automated": "automatic",
}


class AISystemForm(WagtailAdminModelForm):
    """Publishing needs the card to say the same thing twice: how it decides, and the impact
    assessment's degree of automation. A draft may disagree while the editor works.

    The form also imports an assessment saved by the official AIA tool: the file is read and
    checked here, and its answers are saved with the card (as a draft or published, like any
    other change), so a file the tool could not have saved changes nothing. While the card
    has an official assessment (kept, or uploaded now), that assessment is enough: the card's
    own questions may stay unanswered, and how it decides is checked against the official
    answer about automation instead (or not at all when the file does not give one)."""

    aia_file = forms.FileField(
        label=_("Results file from the official AIA tool"),
        required=False,
        help_text=_(
            "The “AIA Results.json” file that the Government of Canada's Algorithmic Impact "
            "Assessment tool saves. Once imported, the card's impact level is the tool's."
        ),
    )
    aia_remove = forms.BooleanField(
        label=_("Remove the imported assessment"),
        required=False,
        help_text=_("The card's own questions give its impact level again."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self._has_official_assessment():
            for question in impact.QUESTIONS:
                if question.field_name in self.fields:
                    self.fields[question.field_name].required = False
        if "aia_obligations_done" in self.fields:
            # Only the requirements of the level as last saved can be ticked.
            self.fields["aia_obligations_done"].choices = [
                (duty.key, f"{duty.area}: {duty.text}")
                for duty in impact.obligations_for(self.instance.assessment.level)
            ]

    def _has_official_assessment(self) -> bool:
        """Whether the card will hold an official assessment once this submission is saved:
        asked before the fields are cleaned, to know which fields publishing requires. A file
        that turns out unreadable is refused on its own field, so the form fails either way."""
        if self.fields["aia_file"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("aia_file")
        ):
            return True
        removing = self.fields["aia_remove"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("aia_remove")
        )
        return bool(self.instance.aia_answers) and not removing

    def clean_aia_file(self):
        upload = self.cleaned_data.get("aia_file")
        return results_file.read(upload) if upload else None

    def _official_answers(self) -> dict:
        """The official answers the card holds once this submission is saved."""
        imported = self.cleaned_data.get("aia_file")
        if imported is not None:
            return imported.answers
        if self.cleaned_data.get("aia_remove"):
            return {}
        return self.instance.aia_answers

    def save(self, commit=True):
        imported = self.cleaned_data.get("aia_file")
        if imported is not None:
            self.instance.aia_answers = imported.answers
            self.instance.aia_tool_version = imported.version
        elif self.cleaned_data.get("aia_remove"):
            self.instance.aia_answers = {}
            self.instance.aia_tool_version = ""
        self.instance.__dict__.pop("assessment", None)  # the level may have changed
        return super().save(commit=commit)

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data:
            if official := self._official_answers():
                self._refuse_mode_the_official_assessment_contradicts(cleaned, official)
            else:
                self._refuse_disagreeing_automation(cleaned)
        return cleaned

    def _refuse_mode_the_official_assessment_contradicts(self, cleaned, official) -> None:
        mode, declared = cleaned.get("decision_mode"), facts.automation(official)
        if not mode or declared is None:
            return
        allowed = facts.DECISION_MODES[declared]
        if mode in allowed:
            return
        modes = dict(self.fields["decision_mode"].choices)
        first, second = (modes[choice] for choice in sorted(allowed))
        self.add_error(
            "decision_mode",
            _(
                "The imported official assessment declares %(declared)s, which does not go "
                "with “%(mode)s”. Choose %(expected)s, or import an assessment that agrees."
            )
            % {
                "declared": declared.label,
                "mode": modes[mode],
                "expected": _("“%(first)s” or “%(second)s”") % {"first": first, "second": second},
            },
        )

    def _refuse_disagreeing_automation(self, cleaned) -> None:
        mode, answer = cleaned.get("decision_mode"), cleaned.get("impact_automation")
        expected = AUTOMATION_FOR_DECISION_MODE.get(mode)
        if not answer or expected is None or answer == expected:
            return
        question = impact.QUESTIONS_BY_KEY["automation"]
        self.add_error(
            "impact_automation",
            _(
                "The card says the system's decisions are “%(mode)s”, but this answer says "
                "“%(answer)s”. Make them agree before publishing: “%(mode)s” goes with "
                "“%(expected)s”."
            )
            % {
                "mode": dict(self.fields["decision_mode"].choices)[mode],
                "answer": question.choice_for(answer).label,
                "expected": question.choice_for(expected).label,
            },
        )
