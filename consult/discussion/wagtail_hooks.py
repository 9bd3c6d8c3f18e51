from wagtail import hooks

from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.discussion.queries import discussion_context

# Before every other section: see ConsultationPage.get_context.
hooks.register(PAGE_CONTEXT_HOOK, discussion_context, order=-1)
