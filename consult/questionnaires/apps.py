from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "consult.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from accounts.privacy.contributions import register_eraser
        from accounts.privacy.retention import register_retention_step
        from consult.questionnaires.services import (
            responses_anonymise_after_outcome,
            responses_erase_for_user,
        )

        register_eraser(responses_erase_for_user)
        register_retention_step(responses_anonymise_after_outcome)
