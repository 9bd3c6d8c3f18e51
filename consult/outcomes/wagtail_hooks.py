"""The outcomes in the Wagtail admin: a consultation's editor links to its theme tagging page,
editors of an open consultation are warned when the people its AI system is about are
under-represented among its participants, a summary's history says why its scheduled
publication was refused, and a summary published or copied from the editor gets its outcome."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter

from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.outcomes.models import SummaryPage
from consult.outcomes.permissions import can_tag_themes
from consult.outcomes.queries import who_was_heard
from consult.outcomes.services import summaries_copied, summary_published


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
    if not heard.under_represented:
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
            "share": f"{heard.affected_share:.0f}%" if heard.total else "0%",
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


@hooks.register("after_publish_page")
def summary_outcome(request, page):
    # The editor's Publish button runs Wagtail's action without SummaryPage.publish.
    if isinstance(page, SummaryPage):
        summary_published(summary=page)


@hooks.register("after_copy_page")
def copied_summaries(request, page, new_page):
    summaries_copied(page=new_page)
