"""Moderation in the Wagtail admin: the house rules, a translatable snippet editors word per
language; the pre-screen's settings, saved as a new version each time; and the screening
of every new comment, which the discussion asks for through its hook."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consult.discussion.services import COMMENT_SCREEN_HOOK
from consult.moderation.admin_forms import PrescreenSettingsForm
from consult.moderation.models import HouseRule, PrescreenSettings
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
