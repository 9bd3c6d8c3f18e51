from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "consult.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from accounts.privacy.retention import register_retention_step
        from consult.consultations.permissions import Suspensions, register_suspensions
        from consult.core.metrics import scrape_time_gauge
        from consult.core.versions import site_shows
        from consult.discussion.extensions import register_note_reader, register_report_reader
        from consult.moderation.models import HouseRule
        from consult.moderation.permissions import suspended_now, suspended_sql
        from consult.moderation.queries import (
            comment_notes,
            queue_sizes,
            reports_context,
            reports_sql,
        )
        from consult.moderation.retention import audit_identities_expire
        from consult.notifications.sections import register_section

        register_retention_step(audit_identities_expire)
        # A hidden comment's public notice names the house rule it broke.
        site_shows(HouseRule)
        register_suspensions(Suspensions(now=suspended_now, sql=suspended_sql))
        register_section(reports_context)
        register_note_reader(comment_notes)
        register_report_reader(reports_sql)
        scrape_time_gauge(
            "consult_moderation_queue_size",
            "Comments waiting for a moderator's decision.",
            "queue",
            queue_sizes,
        )
