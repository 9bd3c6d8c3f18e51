"""The outcomes in the Wagtail admin: the themes in the menu, a consultation's editor links to
its theme tagging page, editors of an open consultation are warned when the people its AI
system is about are under-represented among its participants, a summary's history says why
its scheduled publication was refused, and a summary published or copied from the editor gets
its outcome."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from consult.consultations.models import ConsultationPage
from consult.consultations.panels import add_page_checklist
from consult.consultations.queries import editable_consultations
from consult.consultations.status import ConsultationStatus
from consult.core.dashboard import DashboardListPanel, DashboardRow
from consult.outcomes.admin_views import themes_index
from consult.outcomes.models import SummaryPage
from consult.outcomes.permissions import can_tag_themes
from consult.outcomes.queries import summaries_due, who_was_heard
from consult.outcomes.services import summaries_copied, summary_problems, summary_published

add_page_checklist(
    SummaryPage,
    intro=gettext_lazy(
        "The public sees the summary once it is published; publishing still needs, as last saved:"
    ),
    ready=gettext_lazy("Nothing is missing: the summary can be published."),
    # A new summary has no consultation above it yet to check its themes against.
    checks=lambda summary: summary_problems(summary) if summary.pk else [],
)


@hooks.register("register_admin_urls")
def themes_urls():
    return [path("themes/", themes_index, name="outcomes_themes_index")]


class ThemesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_tag_themes(request.user)


@hooks.register("register_admin_menu_item")
def themes_menu_item():
    url = reverse("outcomes_themes_index")
    return ThemesMenuItem(gettext_lazy("Themes"), url, icon_name="tag", order=850)


@hooks.register("register_page_header_buttons")
def themes_button(page, user, view_name, next_url=None):
    """From a consultation's editor to its theme tagging page."""
    if isinstance(page.specific_deferred, ConsultationPage) and can_tag_themes(user):
        yield Button(
            gettext_lazy("Themes of the comments"),
            url=reverse("outcomes:themes", args=[page.pk]),
            icon_name="tag",
            priority=60,
        )


@hooks.register("before_edit_page")
def warn_if_affected_under_represented(request, page):
    # On opening the editor only: a save redirects back here, and the warning would repeat.
    if request.method != "GET" or not isinstance(page.specific, ConsultationPage):
        return None
    consultation = page.specific
    if consultation.status != ConsultationStatus.OPEN:
        return None
    heard = who_was_heard(consultation)
    # With nobody yet, a share means nothing: the warning waits for the first participants.
    if not heard.total or not heard.under_represented:
        return None
    groups = ", ".join(share.label for share in heard.groups if share.affected)
    messages.warning(
        request,
        _(
            "Few of the people this AI system affects are taking part: %(share)s of "
            "%(total)d participants belong to the affected groups (%(groups)s), under the "
            "%(minimum)d%% you asked for. Reach out to them before the consultation closes."
        )
        % {
            "share": f"{heard.affected_share:.0f}%",
            "total": heard.total,
            "groups": groups,
            "minimum": heard.minimum_share,
        },
    )
    return None


@hooks.register("register_log_actions")
def summary_log_actions(actions):
    @actions.register_action("outcomes.summary.scheduled_publish_refused")
    class ScheduledPublishRefused(LogFormatter):
        label = gettext_lazy("Scheduled publication refused")

        def format_message(self, log_entry):
            # The problems as worded when it happened, in the site's language.
            return _("Not published at its scheduled time: %(problems)s") % {
                "problems": " ".join(log_entry.data.get("problems", []))
            }


@hooks.register("register_log_actions")
def suggestion_log_actions(actions):
    for action, label in (
        ("outcomes.suggestions.requested", gettext_lazy("Theme suggestions requested")),
        ("outcomes.suggestion.accepted", gettext_lazy("Machine suggestion accepted")),
        ("outcomes.suggestion.rejected", gettext_lazy("Machine suggestion rejected")),
        ("outcomes.suggestion.renamed", gettext_lazy("Machine suggestion renamed")),
        ("outcomes.suggestion.merged", gettext_lazy("Machine suggestions merged")),
        ("outcomes.suggestion.split", gettext_lazy("Machine suggestion split")),
        (
            "outcomes.theme.accepted_from_suggestion",
            gettext_lazy("Theme accepted from a machine suggestion"),
        ),
    ):
        actions.register_action(action, label, label)


@hooks.register("after_publish_page")
def summary_outcome(request, page):
    # The editor's Publish button runs Wagtail's action without SummaryPage.publish.
    if isinstance(page, SummaryPage):
        summary_published(summary=page)


@hooks.register("after_copy_page")
def copied_summaries(request, page, new_page):
    summaries_copied(page=new_page)


class SummariesDuePanel(DashboardListPanel):
    name = "summaries-due"
    heading = gettext_lazy("Summaries due")
    empty = gettext_lazy("Every closed consultation you edit has its outcome published.")
    order = 30


def _summary_row(page) -> DashboardRow:
    if page.summary_id:
        url = reverse("wagtailadmin_pages:edit", args=[page.summary_id])
        detail = _("a draft summary is waiting to be published")
    else:
        url = reverse("wagtailadmin_pages:add", args=["outcomes", "summarypage", page.pk])
        detail = _("no summary written yet")
    return DashboardRow(label=page.title, url=url, detail=detail)


@hooks.register("construct_homepage_panels")
def summaries_due_panel(request, panels):
    pages = summaries_due(editable_consultations(request.user), now=timezone.now())
    panels.append(SummariesDuePanel([_summary_row(page) for page in pages]))
