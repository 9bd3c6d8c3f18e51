"""Panels of the AI system card's editor that show what its answers amount to, and what
publishing still needs."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from consult.consultations import impact
from consult.consultations.aia import facts
from consult.core.readability import ReadingEase


class ImpactLevelPanel(Panel):
    """The level the impact questionnaire gives, as last saved, and the obligations it brings;
    beside the questions so the editor sees what each answer changes once saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/impact_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            assessment = self.instance.assessment
            context["assessment"] = assessment
            context["instance"] = self.instance
            context["obligations"] = impact.obligations_for(assessment.level)
            if assessment.official:
                # What publishing checks the card's "how it decides" against (AISystemForm).
                context["declared_automation"] = facts.automation(self.instance.aia_answers)
            return context


class ReadingEasePanel(Panel):
    """The reading ease of the text being edited, as last saved, against the plain-language
    target: a warning to read before publishing when it falls short, never a refusal.
    `measure(instance)` gives the stored `ReadingEase` (None while there is no text)."""

    def __init__(self, measure=None, **kwargs):
        super().__init__(**kwargs)
        self.measure = measure

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "measure": self.measure}

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/reading_ease_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            ease: ReadingEase | None = self.panel.measure(self.instance)
            context.update(ease=ease, heading=self.panel.heading)
            return context


def _field_names(panel) -> list[str]:
    if getattr(panel, "field_name", None):
        return [panel.field_name]
    return [name for child in getattr(panel, "children", ()) for name in _field_names(child)]


class PublishChecklistPanel(Panel):
    """What the public cannot see yet: per tab, the fields publishing needs that are empty in
    the version being edited, then what `checks(instance)` finds (rules beyond single
    fields). `tabs` are the editor's ObjectLists; `intro` and `ready` name what is edited;
    `not_needed(instance)` names fields publishing does not need for that instance."""

    def __init__(self, tabs=(), *, intro=None, ready=None, checks=None, not_needed=None, **kwargs):
        super().__init__(**kwargs)
        self.tabs = tabs
        self.not_needed = not_needed
        self.intro = intro or _(
            "The public sees the card once it is published; publishing still needs, as last saved:"
        )
        self.ready = ready or _("Nothing is missing: the card can be published.")
        self.checks = checks

    def clone_kwargs(self):
        return {
            **super().clone_kwargs(),
            "tabs": self.tabs,
            "intro": self.intro,
            "ready": self.ready,
            "checks": self.checks,
            "not_needed": self.not_needed,
        }

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/publish_checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            missing = [
                (tab.heading, labels) for tab in self.panel.tabs if (labels := self._missing(tab))
            ]
            if self.panel.checks is not None:
                missing += [("", [problem]) for problem in self.panel.checks(self.instance)]
            context.update(missing=missing, intro=self.panel.intro, ready=self.panel.ready)
            return context

        def _missing(self, tab) -> list[str]:
            labels = []
            skipped = set(self.panel.not_needed(self.instance)) if self.panel.not_needed else set()
            for name in _field_names(tab):
                if name in skipped:
                    continue
                try:
                    field = self.instance._meta.get_field(name)
                except FieldDoesNotExist:
                    continue  # a form-only field (the AIA file upload) holds nothing to publish
                if not field.blank and getattr(self.instance, name) in (None, "", [], ()):
                    labels.append(str(field.verbose_name))
            return labels


def add_page_checklist(page_class, *, intro, ready, checks=None) -> None:
    """Put the checklist first on a page type's Content tab, covering its Content and Promote
    tabs. Called where the admin is assembled (wagtail_hooks), before any editor is built."""
    tabs = [
        ObjectList(page_class.content_panels, heading=_("Content")),
        ObjectList(page_class.promote_panels, heading=_("Promote")),
    ]
    checklist = PublishChecklistPanel(tabs, intro=intro, ready=ready, checks=checks)
    page_class.content_panels = [checklist, *page_class.content_panels]
