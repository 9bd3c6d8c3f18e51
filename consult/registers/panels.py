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
            card = self._last_saved()
            context["standards"] = [
                (standard, standard.missing(card)) for standard in STANDARDS if card is not None
            ]
            return context

        def _last_saved(self):
            # A refused form has already written what it could of the editor's input into
            # the instance (an empty slug, say), which no record can be read from.
            if not (self.form.is_bound and self.form.errors):
                return self.instance
            if self.instance.pk is None:
                return None
            saved = type(self.instance).objects.get(pk=self.instance.pk)
            return saved.get_latest_revision_as_object()


def register_records_tab() -> ObjectList:
    return ObjectList([RegisterRecordsPanel()], heading=_("Register records"))
