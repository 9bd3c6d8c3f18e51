"""The card editor's tab that lists, per standard, what its record still lacks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel

from consult.registers.standards import STANDARDS


class RegisterRecordsPanel(Panel):
    """Each standard of the registry with the card fields its record still needs, read from
    the version being edited (as last saved)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "registers/admin/register_records_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["standards"] = [
                (standard, standard.missing(self.instance)) for standard in STANDARDS
            ]
            return context


def register_records_tab() -> ObjectList:
    return ObjectList([RegisterRecordsPanel()], heading=_("Register records"))
