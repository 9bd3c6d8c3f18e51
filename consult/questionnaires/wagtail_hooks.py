from wagtail import hooks

from consult.consultations.contributions import LATEST_CONTRIBUTION_HOOK
from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.questionnaires.queries import latest_submission_at, questionnaire_context

hooks.register(PAGE_CONTEXT_HOOK, questionnaire_context)
hooks.register(LATEST_CONTRIBUTION_HOOK, latest_submission_at)
