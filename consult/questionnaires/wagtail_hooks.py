from wagtail import hooks

from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.questionnaires.queries import questionnaire_context

hooks.register(PAGE_CONTEXT_HOOK, questionnaire_context)
