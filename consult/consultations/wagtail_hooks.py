"""The AI system card in the Wagtail admin: a snippet with drafts, revisions, locking and
translations, its fields grouped in tabs the way the transparency standards group them."""

from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consult.consultations import admin_views, impact, services
from consult.consultations.access import signed_in_refusal, translation_readable
from consult.consultations.models import AISystem, ConsultationPage
from consult.consultations.panels import (
    ImpactLevelPanel,
    PublishChecklistPanel,
    ReadingEasePanel,
    add_page_checklist,
)
from consult.consultations.queries import closing_soon, editable_consultations
from consult.consultations.status import ConsultationStatus
from consult.consultations.templatetags.consultation_tags import days_left, moment
from consult.core.dashboard import DashboardListPanel, DashboardRow


def _impact_panel(kind: impact.Kind, heading) -> MultiFieldPanel:
    questions = impact.RAW_QUESTIONS if kind == impact.Kind.RAW else impact.MITIGATION_QUESTIONS
    return MultiFieldPanel([FieldPanel(q.field_name) for q in questions], heading=heading)


CARD_TABS = [
    ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("plain_language_explainer"),
            ReadingEasePanel(
                measure=lambda card: card.explainer_reading_ease,
                heading=_("Reading ease of the explainer"),
            ),
            FieldPanel("deploying_body"),
            FieldPanel("supplier"),
            FieldPanel("purpose"),
            FieldPanel("scope"),
            FieldPanel("not_for"),
            FieldPanel("model_type"),
            FieldPanel("lifecycle_phase"),
            FieldPanel("benefits"),
            FieldPanel("previous_process"),
            FieldPanel("alternatives_considered"),
        ],
        heading=_("The system"),
    ),
    ObjectList(
        [
            FieldPanel("decision_mode"),
            FieldPanel("process_integration"),
            FieldPanel("outputs"),
            FieldPanel("human_oversight"),
            FieldPanel("required_training"),
            FieldPanel("redress"),
            FieldPanel("is_remote_biometric_identification"),
            FieldPanel("is_automated_content_moderation"),
        ],
        heading=_("Decisions and oversight"),
    ),
    ObjectList(
        [
            FieldPanel("data_categories"),
            FieldPanel("data_sources"),
            FieldPanel("people_affected"),
            FieldPanel("affected_groups"),
            FieldPanel("rights_at_risk"),
            FieldPanel("risks_and_mitigations"),
            FieldPanel("maintenance"),
            FieldPanel("impact_assessment_links"),
        ],
        heading=_("Data, people and rights"),
    ),
    ObjectList(
        [
            FieldPanel("contact_email"),
            FieldPanel("website"),
            FieldPanel("responsible_team"),
            FieldPanel("senior_responsible_owner"),
            FieldPanel("legal_basis"),
            FieldPanel("publication_category"),
            FieldPanel("start_date"),
            FieldPanel("end_date"),
            FieldPanel("source_code_url"),
        ],
        heading=_("Owner and registers"),
    ),
    ObjectList(
        [
            ImpactLevelPanel(),
            MultiFieldPanel(
                [FieldPanel("aia_file"), FieldPanel("aia_remove")],
                heading=_("Official Algorithmic Impact Assessment"),
            ),
            FieldPanel("aia_obligations_done"),
            _impact_panel(impact.Kind.RAW, _("Impact")),
            _impact_panel(impact.Kind.MITIGATION, _("Mitigation")),
        ],
        heading=_("Impact assessment"),
    ),
]


def _not_needed_to_publish(card: AISystem) -> list[str]:
    # An imported official assessment stands in for the card's own questions (AISystemForm).
    return [question.field_name for question in impact.QUESTIONS] if card.aia_answers else []


# First, on the first tab: what publishing still needs, tab by tab.
CARD_TABS[0].children.insert(
    0, PublishChecklistPanel(tabs=CARD_TABS, not_needed=_not_needed_to_publish)
)


class AISystemViewSet(SnippetViewSet):
    model = AISystem
    icon = "cogs"
    menu_label = _("AI systems")
    menu_order = 200
    add_to_admin_menu = True
    # The status tag reads "live" or "draft" in the editor's language, not a raw True.
    list_display = ["name", "deploying_body", "lifecycle_phase", LiveStatusTagColumn()]
    list_filter = ["lifecycle_phase", "decision_mode"]

    def get_edit_handler(self):
        # Apps above this one add tabs to the card through the `ai_system_card_tabs` hook
        # (the registers: what each standard's record still lacks), so this app never
        # imports them. Asked once, when the first editor opens a card.
        extra = [tab for hook in hooks.get_hooks("ai_system_card_tabs") for tab in hook()]
        self.edit_handler = TabbedInterface([*CARD_TABS, *extra])
        return super().get_edit_handler()


register_snippet(AISystemViewSet)

add_page_checklist(
    ConsultationPage,
    intro=_(
        "The public sees the consultation once it is published; publishing still needs, as "
        "last saved:"
    ),
    ready=_("Nothing is missing: the consultation can be published."),
)


# Before Wagtail's own check (order 0), which would send a signed-in reader to sign in.
@hooks.register("before_serve_page", order=-1)
def refuse_restricted_pages_with_404(page, request, serve_args, serve_kwargs):
    if signed_in_refusal(request, page):
        raise Http404
    # Wagtail checks the page's own restrictions; a translation shows its source's
    # discussion, under the source's restrictions too.
    if isinstance(page, ConsultationPage) and not translation_readable(request, page):
        raise Http404


@hooks.register("register_admin_urls")
def reschedule_urls():
    return [
        path(
            "consultations/<int:page_id>/<str:action>-now/",
            admin_views.reschedule_now,
            name="consultations_reschedule_now",
        )
    ]


def _reschedule_action(page, user) -> tuple[str, str] | None:
    """("Open now", "open") on a published consultation that has not opened, ("Close now",
    "close") on an open one, for those who may publish it; else None."""
    page = page.specific_deferred
    if not isinstance(page, ConsultationPage) or not page.live:
        return None
    if not page.permissions_for_user(user).can_publish():
        return None
    return {
        ConsultationStatus.UPCOMING: (_("Open now"), "open"),
        ConsultationStatus.OPEN: (_("Close now"), "close"),
    }.get(page.status)


class RescheduleNowMenuItem(ActionMenuItem):
    """In the editor's publish menu, beside Publish: a link to the confirmation page."""

    icon_name = "time"
    order = 45

    def is_shown(self, context) -> bool:
        if context["view"] != "edit" or not super().is_shown(context):
            return False
        return _reschedule_action(context["page"], context["request"].user) is not None

    def get_context_data(self, parent_context):
        label, action = _reschedule_action(parent_context["page"], parent_context["request"].user)
        context = super().get_context_data(parent_context)
        url = reverse("consultations_reschedule_now", args=[parent_context["page"].pk, action])
        return {**context, "label": label, "url": url}


@hooks.register("register_page_action_menu_item")
def reschedule_menu_item():
    return RescheduleNowMenuItem()


@hooks.register("register_log_actions")
def reschedule_log_actions(actions):
    actions.register_action(services.OPENED_NOW, _("Opened now"), _("Consultation opened now"))
    actions.register_action(services.CLOSED_NOW, _("Closed now"), _("Consultation closed now"))


@hooks.register("after_publish_page")
def translations_take_the_dates(request, page):
    # The editor's Publish button runs Wagtail's action without ConsultationPage.publish.
    if isinstance(page, ConsultationPage):
        services.consultation_published(page=page, user=request.user)


class ClosingSoonPanel(DashboardListPanel):
    name = "consultations-closing-soon"
    heading = _("Consultations closing in the next 7 days")
    empty = _("No consultation you edit closes in the next 7 days.")
    order = 10


@hooks.register("construct_homepage_panels")
def closing_soon_panel(request, panels):
    pages = closing_soon(editable_consultations(request.user), now=timezone.now())
    rows = [
        DashboardRow(
            label=page.title,
            url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
            detail=format_html(
                "{} {} ({})", _("closes"), moment(page.closes_at), days_left(page.closes_at)
            ),
        )
        for page in pages
    ]
    panels.append(ClosingSoonPanel(rows))
