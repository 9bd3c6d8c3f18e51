from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "consult.opinions"
    label = "opinions"
    verbose_name = _("Opinion groups")
