"""House rules in the Wagtail admin: a translatable snippet editors word per language."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consult.moderation.models import HouseRule


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
