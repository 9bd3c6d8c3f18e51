from wagtail import hooks

from consult.consultations.models.pages import PAGE_CONTEXT_HOOK, PAGE_READER_HOOK
from consult.discussion.presentation import discussion_context
from consult.discussion.queries.viewer import read_page_reader

hooks.register(PAGE_READER_HOOK, read_page_reader)
hooks.register(PAGE_CONTEXT_HOOK, discussion_context)
