from wagtail import hooks

from consult.consultations.contributions import LATEST_CONTRIBUTION_HOOK
from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.discussion.queries import discussion_context, latest_contribution_at

# Before every other section: see ConsultationPage.get_context.
hooks.register(PAGE_CONTEXT_HOOK, discussion_context, order=-1)
hooks.register(LATEST_CONTRIBUTION_HOOK, latest_contribution_at)
