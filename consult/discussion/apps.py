from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "consult.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from consult.discussion.cache import connect_signals

        connect_signals()
