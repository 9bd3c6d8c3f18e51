from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.privacy.retention import register_retention_step
        from accounts.privacy.services import identity_accessors_expire

        register_retention_step(identity_accessors_expire)
