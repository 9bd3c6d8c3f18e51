from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts.models import Profile, User
        from accounts.privacy.retention import register_retention_step
        from accounts.privacy.services import identity_accessors_expire
        from consult.core.versions import site_shows

        register_retention_step(identity_accessors_expire)
        # The names shown beside comments; a deleted account leaves "Former participant".
        site_shows(Profile)
        site_shows(User, saved=False)
