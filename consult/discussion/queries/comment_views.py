"""A comment as one reader may see it: `CommentView`, built from its row, what moderation
adds to it and what is known of the reader.

What the public learns about an author is decided here, once: a view carries a label and
never the account behind a pseudonym, unless the reader may see identities.
"""

from dataclasses import dataclass, field
from datetime import datetime

from accounts.permissions import can_moderate, has_verified_email
from consult.consultations.models import ConsultationPage
from consult.core.viewer import Viewer, as_viewer
from consult.discussion import permissions
from consult.discussion.campaigns import campaign_sizes
from consult.discussion.extensions import moderation_notes
from consult.discussion.models import Comment, CommentState
from consult.discussion.queries.labels import author_label
from consult.discussion.queries.viewer import viewer_reactions

# Replies nest this deep; deeper replies are listed flat, in order, under "in reply to".
MAX_NESTING = 3


@dataclass(frozen=True)
class ModerationNote:
    """Why a held or hidden comment is so: the decision that made it, named by its rule.
    Public for hidden comments (the tombstone), shown to author and moderators for held."""

    decision_id: int
    rule_code: str
    rule_title: str
    automated: bool
    screen_check: str
    screen_version: int | None
    check_label: str = ""


@dataclass
class CommentView:
    """A comment as this viewer may see it."""

    id: int
    body_html: str
    language: str
    # Shown as a tombstone: removed by its author, or hidden (to all but moderators).
    removed: bool
    author_label: str
    author_detail: str
    # Who is behind a pseudonym: only ever set for editors and moderators.
    identity: str | None
    created_at: datetime
    edited_at: datetime | None
    agree_count: int
    disagree_count: int
    pass_count: int
    level: int
    in_reply_to: str | None = None
    viewer_reaction: str | None = None
    is_own: bool = False
    can_react: bool = False
    can_reply: bool = False
    can_edit: bool = False
    can_delete: bool = False
    # visible, held (only its author and moderators get it), hidden, removed_by_author.
    state: str = CommentState.VISIBLE
    moderation: ModerationNote | None = None
    campaign_id: int | None = None
    campaign_size: int = 0
    can_flag: bool = False
    flagged: bool = False
    replies: list["CommentView"] = field(default_factory=list)


@dataclass
class Moderation:
    """What moderation adds to a page of comments for one viewer, read in at most three
    queries, and none when the page has no held, hidden or campaign comments."""

    moderator: bool = False
    notes: dict[int, ModerationNote] = field(default_factory=dict)
    campaign_sizes: dict[int, int] = field(default_factory=dict)


def moderation_for(comments: list[Comment], *, moderator: bool) -> Moderation:
    held_or_hidden = {
        comment.pk: comment.state
        for comment in comments
        if comment.state in (CommentState.HELD, CommentState.HIDDEN)
    }
    return Moderation(
        moderator=moderator,
        notes=moderation_notes(held_or_hidden) if held_or_hidden else {},
        campaign_sizes=campaign_sizes(comment.campaign_id for comment in comments),
    )


@dataclass(frozen=True)
class Reader:
    """What a comment's view asks about its reader, asked once per page rather than once per
    comment. `pk` None stands for any reader of the same kind who wrote none of the comments
    (the views every such reader shares, threads._SharedViews)."""

    pk: int | None
    # The key of permissions.REFUSALS that stops them writing here, if any.
    refusal: str | None
    may_flag: bool
    reveal: bool
    moderator: bool

    @property
    def kind(self) -> tuple:
        return (self.refusal, self.may_flag, self.reveal, self.moderator)


def reader_for(viewer: Viewer, consultation, *, moderator: bool) -> Reader:
    return Reader(
        pk=viewer.pk if viewer.is_authenticated else None,
        refusal=permissions.participation_refusal(viewer, consultation),
        may_flag=has_verified_email(viewer),
        reveal=permissions.can_see_identities(viewer),
        moderator=moderator,
    )


def reader_part(comment: Comment, reader: Reader, viewer, consultation) -> dict:
    """The fields of a comment's view that depend on who reads it, but for their marks."""
    is_own = reader.pk is not None and comment.author_id == reader.pk
    may_write = reader.refusal is None
    return {
        "is_own": is_own,
        "can_react": may_write and permissions.comment_reaction_refusal(comment, reader.pk) is None,
        "can_reply": may_write and permissions.comment_reply_refusal(comment, consultation) is None,
        # Only ever their own; asking saves nothing for everyone else's.
        "can_edit": is_own and permissions.can_edit_comment(viewer, comment, consultation),
        "can_delete": is_own and permissions.can_delete_comment(viewer, comment, consultation),
        "can_flag": comment.state == CommentState.VISIBLE and not is_own and reader.may_flag,
    }


def view_of(
    comment: Comment,
    *,
    level: int,
    reader: Reader,
    viewer,
    consultation,
    moderation: Moderation | None = None,
    flagged: bool = False,
) -> CommentView:
    moderation = moderation or Moderation()
    label, detail, identity = author_label(comment, reveal=reader.reveal)
    state = comment.state
    # Moderators read a hidden comment (marked as hidden); everyone else gets its tombstone.
    removed = state == CommentState.REMOVED_BY_AUTHOR or (
        state == CommentState.HIDDEN and not moderation.moderator
    )
    return CommentView(
        id=comment.pk,
        body_html="" if removed else comment.body_html,
        language=comment.language,
        removed=removed,
        author_label="" if removed else label,
        author_detail="" if removed else detail,
        identity=None if removed else identity,
        created_at=comment.created_at,
        edited_at=comment.edited_at,
        agree_count=comment.agree_count,
        disagree_count=comment.disagree_count,
        pass_count=comment.pass_count,
        level=level,
        state=state,
        moderation=moderation.notes.get(comment.pk),
        campaign_id=comment.campaign_id,
        campaign_size=moderation.campaign_sizes.get(comment.campaign_id, 0),
        flagged=flagged,
        **reader_part(comment, reader, viewer, consultation),
    )


def shown_ids(comments: list[Comment]) -> set[int]:
    """Ids of comments to show: all but removed ones, which need a shown descendant (the
    query fetched only the held and hidden comments this viewer may see).
    Replies are always newer than their parent, so one pass from the newest suffices."""
    shown: set[int] = set()
    for comment in sorted(comments, key=lambda c: c.pk, reverse=True):
        if comment.state != CommentState.REMOVED_BY_AUTHOR or comment.pk in shown:
            shown.add(comment.pk)
            if comment.parent_id:
                shown.add(comment.parent_id)
    return shown


def build_threads(
    roots: list[Comment],
    replies: list[Comment],
    *,
    moderation: Moderation,
    reader: Reader,
    viewer,
    consultation,
    flagged: set[int],
) -> list[CommentView]:
    """The views of the threads of `roots` (in that order) with their `replies`, nested up to
    MAX_NESTING."""
    by_id = {comment.pk: comment for comment in [*roots, *replies]}
    shown = shown_ids([*roots, *replies])
    views: dict[int, CommentView] = {}

    def view(comment: Comment, level: int) -> CommentView:
        views[comment.pk] = view_of(
            comment,
            level=level,
            reader=reader,
            viewer=viewer,
            consultation=consultation,
            moderation=moderation,
            flagged=comment.pk in flagged,
        )
        return views[comment.pk]

    for root in roots:
        view(root, 0)
    # Oldest first: a reply's parent (and ancestors) always have a smaller id.
    for reply in sorted(replies, key=lambda c: c.pk):
        if reply.pk not in shown:
            continue
        if reply.depth <= MAX_NESTING:
            views[reply.parent_id].replies.append(view(reply, reply.depth))
            continue
        # Too deep to nest: list it under its ancestor at the last nested level but one.
        ancestor = reply
        while ancestor.depth > MAX_NESTING - 1:
            ancestor = by_id[ancestor.parent_id]
        flat = view(reply, MAX_NESTING)
        parent_view = views.get(reply.parent_id)
        flat.in_reply_to = parent_view.author_label if parent_view else None
        views[ancestor.pk].replies.append(flat)
    return [views[root.pk] for root in roots]


def comment_views(
    comments: list[Comment], *, viewer, consultation: ConsultationPage
) -> list[CommentView]:
    """Views of single comments (for JSON fragments), without their replies."""
    viewer = as_viewer(viewer)
    reactions = viewer_reactions(viewer, [comment.pk for comment in comments])
    moderator = can_moderate(viewer)
    reader = reader_for(viewer, consultation, moderator=moderator)
    moderation = moderation_for(comments, moderator=moderator)
    views = []
    for comment in comments:
        comment_view = view_of(
            comment,
            level=min(comment.depth, MAX_NESTING),
            reader=reader,
            viewer=viewer,
            consultation=consultation,
            moderation=moderation,
        )
        comment_view.viewer_reaction = reactions.get(comment.pk)
        if comment.depth > MAX_NESTING and comment.parent is not None:
            comment_view.in_reply_to = author_label(comment.parent, reveal=False)[0]
        views.append(comment_view)
    return views
