"""Moderation in the Wagtail admin: the house rules, a translatable snippet editors word per
language; the pre-screen's settings, saved as a new version each time; the screening of every
new comment, which the discussion asks for through its hook; and the way to the moderators'
queue and appeals, from the menu and from each consultation's admin page."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.permissions import can_moderate
from consult.consultations.access import readable_consultations
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.dashboard import DashboardListPanel, DashboardRow
from consult.discussion.services import COMMENT_SCREEN_HOOK
from consult.moderation.admin_forms import PrescreenSettingsForm
from consult.moderation.models import HouseRule, PrescreenSettings
from consult.moderation.queries import appeals_to_review, waiting_count
from consult.moderation.services.screening import comment_screen


class HouseRuleViewSet(SnippetViewSet):
    model = HouseRule
    icon = "list-ul"
    menu_label = _("House rules")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["title", "code", "sort_order"]
    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("explanation"),
        FieldPanel("sort_order"),
    ]


register_snippet(HouseRuleViewSet)

# Saved from the admin through its service (a new version each time); set here, where the
# admin is assembled, since the form's module needs the models' module.
PrescreenSettings.edit_handler = ObjectList(
    PrescreenSettings.panels, base_form_class=PrescreenSettingsForm
)

hooks.register(COMMENT_SCREEN_HOOK, comment_screen)


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def queue_menu_item():
    url = reverse("moderation:queue")
    return ModeratorMenuItem(_("Moderation queue"), url, icon_name="warning", order=860)


@hooks.register("register_admin_menu_item")
def appeals_menu_item():
    url = reverse("moderation:appeals")
    return ModeratorMenuItem(_("Appeals"), url, icon_name="help", order=870)


@hooks.register("register_page_header_buttons")
def queue_button(page, user, view_name, next_url=None):
    """From a consultation's editor to the queue, showing that consultation only."""
    if isinstance(page.specific_deferred, ConsultationPage) and can_moderate(user):
        canonical = canonical_consultation(page.specific)
        query = urlencode({"consultation": canonical.pk})
        url = f"{reverse('moderation:queue')}?{query}"
        yield Button(_("Moderation queue"), url=url, icon_name="warning", priority=70)


class ReportsWaitingPanel(DashboardListPanel):
    name = "reports-waiting"
    heading = _("Moderation")
    empty = _("No comment or appeal is waiting for a decision.")
    order = 20


@hooks.register("construct_homepage_panels")
def reports_waiting_panel(request, panels):
    """For moderators: the comments held or reported, and the appeals they may decide."""
    if not can_moderate(request.user):
        return
    readable = readable_consultations(request, drafts=True)
    comments = waiting_count(readable)
    appeals = appeals_to_review(request.user, readable).count()
    rows = []
    if comments:
        label = ngettext(
            "%(count)d comment waits for a decision",
            "%(count)d comments wait for a decision",
            comments,
        )
        rows.append(DashboardRow(label % {"count": comments}, reverse("moderation:queue")))
    if appeals:
        label = ngettext(
            "%(count)d appeal waits for a review", "%(count)d appeals wait for a review", appeals
        )
        rows.append(DashboardRow(label % {"count": appeals}, reverse("moderation:appeals")))
    panels.append(ReportsWaitingPanel(rows))
