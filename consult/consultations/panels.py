"""Panels of the AI system card's editor that show what its answers amount to, and what
publishing still needs."""

from wagtail.admin.panels import Panel

from consult.consultations import impact


class ImpactLevelPanel(Panel):
    """The level the impact questionnaire gives, as last saved, and the obligations it brings;
    beside the questions so the editor sees what each answer changes once saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/impact_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            assessment = self.instance.assessment
            context["assessment"] = assessment
            context["obligations"] = impact.obligations_for(assessment.level)
            return context


def _field_names(panel) -> list[str]:
    if getattr(panel, "field_name", None):
        return [panel.field_name]
    return [name for child in getattr(panel, "children", ()) for name in _field_names(child)]


class PublishChecklistPanel(Panel):
    """What the public cannot see yet: per tab, the fields publishing needs that are empty in
    the version being edited. `tabs` are the editor's ObjectLists."""

    def __init__(self, tabs=(), **kwargs):
        super().__init__(**kwargs)
        self.tabs = tabs

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "tabs": self.tabs}

    class BoundPanel(Panel.BoundPanel):
        template_name = "consultations/admin/publish_checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["missing"] = [
                (tab.heading, labels) for tab in self.panel.tabs if (labels := self._missing(tab))
            ]
            return context

        def _missing(self, tab) -> list[str]:
            labels = []
            for name in _field_names(tab):
                field = self.instance._meta.get_field(name)
                if not field.blank and getattr(self.instance, name) in (None, "", [], ()):
                    labels.append(str(field.verbose_name))
            return labels
