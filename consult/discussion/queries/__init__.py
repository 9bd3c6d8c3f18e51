"""Reads for a consultation's discussion, shared by the page, the JSON fragments, the live
streams and later the API and exports: threads, positions, reactions and what is known of the
reader, each in its module. The names other apps and the views use are kept here."""

from consult.discussion.queries.comment_views import comment_views
from consult.discussion.queries.labels import author_label
from consult.discussion.queries.positions import (
    PositionPanel,
    own_position,
    position_panel,
    position_tallies,
)
from consult.discussion.queries.reactions import UNKNOWN, reaction_target, reactions_view
from consult.discussion.queries.threads import (
    THREADS_PER_PAGE,
    discussion_for,
    thread_page_number,
)
from consult.discussion.queries.viewer import display_mode_for

__all__ = [
    "THREADS_PER_PAGE",
    "UNKNOWN",
    "PositionPanel",
    "author_label",
    "comment_views",
    "discussion_for",
    "display_mode_for",
    "own_position",
    "position_panel",
    "position_tallies",
    "reaction_target",
    "reactions_view",
    "thread_page_number",
]
