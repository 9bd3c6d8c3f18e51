from wagtail import hooks

from consult.consultations.contributions import LATEST_CONTRIBUTION_HOOK
from consult.consultations.models.pages import (
    PAGE_CONTEXT_HOOK,
    PAGE_READER_HOOK,
    PAGE_SERVE_HOOK,
)
from consult.discussion.listing_cache import listing_response
from consult.discussion.presentation import discussion_context
from consult.discussion.queries.contributions import latest_contribution_at
from consult.discussion.queries.viewer import read_page_reader

hooks.register(PAGE_READER_HOOK, read_page_reader)
hooks.register(PAGE_CONTEXT_HOOK, discussion_context)
hooks.register(PAGE_SERVE_HOOK, listing_response)
hooks.register(LATEST_CONTRIBUTION_HOOK, latest_contribution_at)
