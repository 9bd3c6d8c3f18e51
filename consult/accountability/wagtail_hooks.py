"""The fundamental rights impact assessment in the Wagtail admin (a snippet with drafts,
revisions and translations, in the Editors' hands), and its links on the system's register
entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consult.accountability.models import FundamentalRightsAssessment
from consult.accountability.queries import assessment_for_register
from consult.consultations.queries import AI_SYSTEM_RECORDS_HOOK


def _contact(prefix: str, heading) -> MultiFieldPanel:
    return MultiFieldPanel(
        [FieldPanel(f"{prefix}_{name}") for name in ("name", "address", "email", "phone")],
        heading=heading,
    )


class AssessmentViewSet(SnippetViewSet):
    model = FundamentalRightsAssessment
    icon = "doc-full"
    menu_label = _("Rights impact assessments")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["__str__", "consultation", LiveStatusTagColumn()]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("ai_system"),
                    FieldPanel("consultation"),
                    FieldPanel("deployer_processes"),
                    FieldPanel("period_of_use"),
                    FieldPanel("frequency_of_use"),
                ],
                heading=_("Use of the system"),
            ),
            ObjectList(
                [FieldPanel("affected_groups"), FieldPanel("risks")],
                heading=_("People and risks"),
            ),
            ObjectList(
                [
                    FieldPanel("human_oversight_measures"),
                    FieldPanel("risk_response_measures"),
                    FieldPanel("internal_governance"),
                    FieldPanel("complaint_mechanisms"),
                    FieldPanel("complaint_links"),
                ],
                heading=_("Oversight and remedies"),
            ),
            ObjectList(
                [
                    _contact("deployer", _("1. The deployer")),
                    _contact("submitter", _("2. The person submitting")),
                    FieldPanel("provider_registration_url"),
                    FieldPanel("findings_summary"),
                    FieldPanel("dpia_applicable"),
                    FieldPanel("dpia_summary"),
                ],
                heading=_("EU database registration"),
            ),
        ]
    )


register_snippet(AssessmentViewSet)


@hooks.register(AI_SYSTEM_RECORDS_HOOK)
def assessment_records(system, locale) -> list[tuple[str, str]]:
    links = []
    if assessment_for_register(system=system, locale=locale) is not None:
        links.append(
            (
                _("Fundamental rights impact assessment"),
                reverse("accountability:fria", kwargs={"slug": system.slug}),
            )
        )
    links.append(
        (
            _("EU database registration record (JSON)"),
            reverse("registers:eu-registration", kwargs={"slug": system.slug}),
        )
    )
    return links
