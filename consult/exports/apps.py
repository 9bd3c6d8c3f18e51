from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "consult.exports"
    label = "exports"
    verbose_name = _("Exports for analysts")

    def ready(self) -> None:
        from accounts.privacy.retention import register_retention_step
        from consult.exports.services import spreadsheet_exports_expire

        register_retention_step(spreadsheet_exports_expire)
