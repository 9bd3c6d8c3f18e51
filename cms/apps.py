from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self) -> None:
        from cms import staff_links  # noqa: F401  (connects its receiver)
