"""The exports in the Wagtail admin: a menu item for editors, an entry in each
consultation's "more" menu, and the URLs under /admin/exports/."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from consult.consultations.models import ConsultationPage
from consult.exports import views
from consult.exports.permissions import can_export


@hooks.register("register_admin_urls")
def export_urls():
    return [
        path("exports/", views.export_index, name="exports_index"),
        path(
            "exports/<int:page_id>/contributions.<str:kind>",
            views.export_contributions,
            name="exports_contributions",
        ),
        path("exports/<int:page_id>/about.csv", views.export_metadata, name="exports_metadata"),
        path(
            "exports/<int:page_id>/spreadsheet/",
            views.spreadsheet_request,
            name="exports_spreadsheet_request",
        ),
        path(
            "exports/spreadsheets/<int:export_id>/",
            views.spreadsheet,
            name="exports_spreadsheet",
        ),
        path(
            "exports/spreadsheets/<int:export_id>/download",
            views.spreadsheet_download,
            name="exports_spreadsheet_download",
        ),
    ]


class ExportMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_export(request.user)


@hooks.register("register_admin_menu_item")
def export_menu_item():
    return ExportMenuItem(_("Exports"), reverse("exports_index"), icon_name="download", order=900)


@hooks.register("register_page_listing_more_buttons")
def export_buttons(page, user, next_url=None):
    if isinstance(page.specific_deferred, ConsultationPage) and can_export(user):
        for kind in views.CONTENT_TYPES:
            yield Button(
                _("Export contributions (%(format)s)") % {"format": kind.upper()},
                views.export_url(page.pk, kind),
                priority=90,
            )
