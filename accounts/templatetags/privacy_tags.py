"""The platform's privacy promises with their real values, for pages edited in the CMS."""

from django import template

from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT, retention_facts

register = template.Library()


@register.inclusion_tag("accounts/privacy/includes/no_ai_training.html")
def no_ai_training() -> dict:
    """The promise that no contribution trains AI, a section of its own on the privacy and
    terms pages, in the words the open-data licence and export metadata carry."""
    return {"no_ai_training": NO_AI_TRAINING_STATEMENT}


@register.inclusion_tag("accounts/privacy/includes/privacy_facts.html", takes_context=True)
def privacy_facts(context) -> dict:
    """Editors cannot get these numbers wrong: they come from settings, not from the page."""
    return {
        "request": context.get("request"),
        "retention": retention_facts(),
    }
