"""Panels of the AI system card's editor that show what its answers amount to."""

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
