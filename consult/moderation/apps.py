from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "consult.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from accounts.privacy.retention import register_retention_step
        from consult.core.metrics import scrape_time_gauge
        from consult.moderation.permissions import can_moderate
        from consult.moderation.queries import queue_sizes, reports_context
        from consult.moderation.retention import audit_identities_expire
        from consult.notifications.sections import register_section
        from consult.realtime.permissions import register_moderator_check

        register_retention_step(audit_identities_expire)
        register_moderator_check(can_moderate)
        register_section(reports_context)
        scrape_time_gauge(
            "consult_moderation_queue_size",
            "Comments waiting for a moderator's decision.",
            "queue",
            queue_sizes,
        )
