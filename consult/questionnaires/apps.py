from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionnairesConfig(AppConfig):
    name = "consult.questionnaires"
    label = "questionnaires"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from accounts.privacy.contributions import register_eraser
        from consult.questionnaires.services import responses_erase_for_user

        register_eraser(responses_erase_for_user)
