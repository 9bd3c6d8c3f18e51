from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "consult.opinions"
    label = "opinions"
    verbose_name = _("Opinion groups")

    def ready(self) -> None:
        from consult.discussion import signals
        from consult.opinions import receivers

        signals.reaction_recorded.connect(receivers.reaction_recorded)
        signals.analysis_consent_changed.connect(receivers.analysis_consent_changed)
