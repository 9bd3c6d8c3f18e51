from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "consult.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from wagtail.signals import page_published

        from accounts.privacy.contributions import register_eraser
        from consult.outcomes.models import SummaryPage
        from consult.outcomes.services import follows_erase_for_user, summary_published

        register_eraser(follows_erase_for_user)

        # Wagtail publishes from the editor, bulk actions, workflows and the scheduler; its
        # signal is the one place all of them pass, so it hands over to the service.
        def _published(sender, instance, **kwargs):
            summary_published(summary=instance)

        page_published.connect(_published, sender=SummaryPage, weak=False)
