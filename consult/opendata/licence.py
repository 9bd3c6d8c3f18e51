"""The terms the open data is published under, carried in every API answer."""

from django.utils.translation import gettext as _

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT


def licence() -> dict[str, str]:
    return {
        "name": _("Consult open research data terms"),
        "terms": _(
            "You may study, quote and republish this data for research, journalism and public "
            "debate, citing the platform and the consultation. Participants appear under "
            "pseudonyms that hold within one consultation only: do not try to find out who "
            "they are. Only contributions whose authors agreed to research use are included, "
            "and they may withdraw it at any time: refresh your copy before you publish."
        ),
        "no_ai_training": str(NO_AI_TRAINING_STATEMENT),
    }
