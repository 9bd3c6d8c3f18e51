from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    name = "consult.discussion"
    label = "discussion"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from accounts.privacy.contributions import register_consent_withdrawer, register_eraser
        from accounts.privacy.retention import register_retention_step
        from consult.discussion.live import STREAM
        from consult.discussion.services import (
            contributions_anonymise_after_outcome,
            contributions_consent_withdraw,
            contributions_erase_for_user,
        )
        from consult.realtime.events import register_comment_stream

        register_comment_stream(STREAM)
        register_eraser(contributions_erase_for_user)
        register_consent_withdrawer(contributions_consent_withdraw)
        register_retention_step(contributions_anonymise_after_outcome)
