from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "consult.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes")

    def ready(self) -> None:
        from accounts.privacy.contributions import register_eraser
        from accounts.privacy.sections import register_section
        from consult.discussion import signals as discussion_signals
        from consult.discussion.extensions import ReaderFact, register_reader_fact
        from consult.outcomes import receivers
        from consult.outcomes.fates import fates_section
        from consult.outcomes.queries import following_sql, remember_following
        from consult.outcomes.services import follows_erase_for_user
        from consult.realtime import signals as realtime_signals

        register_eraser(follows_erase_for_user)
        register_section(fates_section)
        register_reader_fact(ReaderFact(sql=following_sql, remember=remember_following))

        realtime_signals.comment_changed.connect(receivers.comment_changed)
        discussion_signals.analysis_consent_changed.connect(receivers.analysis_consent_changed)
