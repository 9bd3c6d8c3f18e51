"""A page of the discussion's threads as a reader may see it: which threads a page lists, in
which order, read once for everyone who sees the same and kept; each comment's view is
comment_views'.

The page runs a fixed number of queries whatever the size of the discussion: two counts,
one page of threads, all their replies, the viewer's reactions to them, and the position
tallies.
"""

import dataclasses
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.permissions import can_moderate
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.page_cache import ThreadVersions, discussion_shared, threads_shared
from consult.core.versions import reaction_order_key
from consult.core.viewer import Viewer
from consult.discussion import permissions
from consult.discussion.addresses import (
    DEFAULT_SORT,
    REACTION_SORTS,
    SORTS,
    ListingFilter,
    PastTheLastPage,
)
from consult.discussion.models import (
    Comment,
    CommentState,
    DisplayMode,
)
from consult.discussion.queries.comment_views import (
    CommentView,
    Moderation,
    Reader,
    build_threads,
    moderation_for,
    reader_for,
    reader_part,
)
from consult.discussion.queries.positions import (
    PositionPanel,
    PositionReason,
    Tallies,
    position_reasons,
    position_tallies,
)
from consult.discussion.queries.viewer import (
    ViewerFacts,
    viewer_facts,
    viewer_marks,
)
from consult.realtime.sequence import current_number

THREADS_PER_PAGE = 20
# Hidden comments stay in place as tombstones naming their rule; held ones are added for
# their author and for moderators (see _held_for).
SHOWN_STATES = (CommentState.VISIBLE, CommentState.HIDDEN, CommentState.REMOVED_BY_AUTHOR)


@dataclass
class Discussion:
    """Everything the discussion section of a consultation page shows."""

    consultation: ConsultationPage
    page: ConsultationPage
    threads: list[CommentView]
    comment_count: int
    thread_count: int
    page_number: int
    page_count: int
    sort: str
    refusal: str | None
    # The key of permissions.REFUSALS, so the page can offer the way in ("sign_in").
    refusal_code: str | None
    reveal_identities: bool
    position: PositionPanel
    display_mode: str
    viewer: "ViewerFacts | None"
    # The number of the last event of the consultation's live stream, read before any row
    # the page shows: the page's script catches up on every event after it, so nothing
    # committed while the page was rendered is missed (an event the page already shows is
    # applied again, which changes nothing).
    live_seq: int = 0
    sorts: list[tuple[str, str]] = field(default_factory=list)
    filter: ListingFilter = field(default_factory=ListingFilter)
    # The versions the rows of the threads shown were read under, when they are everyone's;
    # None when read for this reader alone.
    kept_threads: ThreadVersions | None = None
    # For each thread, a name for what its view shows (the same name, the same HTML), when
    # read under kept_threads.
    thread_names: list[tuple] | None = None

    @property
    def page_numbers(self) -> range:
        return range(1, self.page_count + 1)


def _held_for(viewer, *, moderator: bool) -> Q | None:
    """The held comments `viewer` may see: all of them for moderators, their own otherwise."""
    if moderator:
        return Q(state=CommentState.HELD)
    if viewer.is_authenticated:
        return Q(state=CommentState.HELD, author_id=viewer.pk)
    return None


def _listed_threads(consultation: ConsultationPage, *, held: Q | None = None) -> QuerySet:
    """Top-level comments on the page: visible ones, tombstones of hidden ones, tombstones
    of removed ones that still have visible replies, and the `held` ones the viewer may see.
    A coordinated campaign's visible comments are listed once, as its oldest one, which
    shows the campaign's size."""
    # The consultation too, so that a plan hashing this subquery reads one consultation's
    # comments rather than every comment of the site.
    visible_reply = Comment.objects.filter(
        consultation=consultation, thread=OuterRef("pk"), state=CommentState.VISIBLE
    )
    older_in_campaign = Comment.objects.filter(
        campaign=OuterRef("campaign"),
        parent__isnull=True,
        state=CommentState.VISIBLE,
        pk__lt=OuterRef("pk"),
    )
    shown = Q(state__in=(CommentState.VISIBLE, CommentState.HIDDEN)) | Q(
        Exists(visible_reply), state=CommentState.REMOVED_BY_AUTHOR
    )
    if held is not None:
        shown |= held
    return (
        Comment.objects.filter(consultation=consultation, parent__isnull=True)
        .filter(shown)
        # Comments outside any campaign first: PostgreSQL then never runs the campaign
        # look-up for them (it cost a bitmap scan per top-level comment: 50 ms a page).
        .exclude(
            Q(campaign__isnull=False) & Q(state=CommentState.VISIBLE) & Q(Exists(older_in_campaign))
        )
    )


def _with_authors(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("author__profile")


@dataclass(frozen=True)
class _Listing:
    """Which threads a page of a listing shows and what goes with them, as read for a set of
    held comments; never changed once read, as everyone who sees no held comment shares it."""

    comment_count: int
    thread_count: int
    page_count: int
    page_number: int
    # In the listing's order.
    page_ids: tuple[int, ...]
    tallies: Tallies
    hidden_reasons: list[PositionReason]


@dataclass(frozen=True)
class _Threads:
    """The rows of some threads (their top-level comments in the order asked, and the
    replies shown), and what moderation adds to them; shared like _Listing."""

    roots: list[Comment]
    replies: list[Comment]
    moderation: Moderation

    @property
    def rows(self) -> list[Comment]:
        return [*self.roots, *self.replies]

    def views(
        self, *, reader: Reader, viewer, consultation, flagged=frozenset()
    ) -> list[CommentView]:
        return build_threads(
            self.roots,
            self.replies,
            moderation=self.moderation,
            reader=reader,
            viewer=viewer,
            consultation=consultation,
            flagged=flagged,
        )


@dataclass(frozen=True)
class _SharedViews:
    """The views of some threads as every reader of one kind (Reader.kind) who wrote none of
    their comments and marked none sees them, with their rows; shared like _Threads, so
    never changed: a reader's own comments and marks go into copies (_overlaid)."""

    threads: _Threads
    views: tuple[CommentView, ...]
    # The index in `views` of each shown comment's thread.
    thread_of: dict[int, int]


def _shared_views(threads: _Threads, reader: Reader, consultation) -> _SharedViews:
    anyone = dataclasses.replace(reader, pk=None)
    views = threads.views(reader=anyone, viewer=None, consultation=consultation)
    thread_of = {}
    for n, view in enumerate(views):
        stack = [view]
        while stack:
            comment_view = stack.pop()
            thread_of[comment_view.id] = n
            stack.extend(comment_view.replies)
    return _SharedViews(threads=threads, views=tuple(views), thread_of=thread_of)


def _with_parts(view: CommentView, parts: dict[int, dict]) -> CommentView:
    replies = [_with_parts(reply, parts) for reply in view.replies]
    return dataclasses.replace(view, replies=replies, **parts.get(view.id, {}))


def _overlaid(
    shared: _SharedViews, *, reader: Reader, viewer, consultation, reactions, flagged
) -> tuple[list[CommentView], list[tuple]]:
    """The shared views with the reader's own part put in: their comments (which they may
    edit, not react to), their reactions and their reports; and for each thread, what was
    put in (empty where nothing was, the view being then the shared one)."""
    parts: dict[int, dict] = {}
    if reader.pk is not None:
        for row in shared.threads.rows:
            if row.author_id == reader.pk and row.pk in shared.thread_of:
                parts[row.pk] = reader_part(row, reader, viewer, consultation)
    for pk, value in reactions.items():
        parts.setdefault(pk, {})["viewer_reaction"] = value
    for pk in flagged:
        parts.setdefault(pk, {})["flagged"] = True
    by_thread: dict[int, dict[int, dict]] = {}
    for pk, part in parts.items():
        if (n := shared.thread_of.get(pk)) is not None:
            by_thread.setdefault(n, {})[pk] = part
    views = list(shared.views)
    overlays: list[tuple] = [()] * len(views)
    for n, thread_parts in by_thread.items():
        views[n] = _with_parts(views[n], thread_parts)
        overlays[n] = tuple(sorted((pk, tuple(part.items())) for pk, part in thread_parts.items()))
    return views, overlays


def _filtered(
    listed: QuerySet, consultation: ConsultationPage, filter: ListingFilter, *, moderator: bool
):
    """The threads of `listed` that match `filter`: its words in the comment or in one of
    its visible replies, and a comment posted from its stakeholder group. A hidden comment's
    words and group are matched for moderators only, who read them: anyone else would learn
    from its tombstone, found or not, what it says and who wrote it. A comment removed by
    its author, whose tombstone names no one, is never found by its group."""
    if filter.search:
        reply_matches = Comment.objects.filter(
            consultation=consultation,
            thread=OuterRef("pk"),
            state=CommentState.VISIBLE,
            body_source__icontains=filter.search,
        )
        own_words = Q(body_source__icontains=filter.search)
        if not moderator:
            own_words &= ~Q(state=CommentState.HIDDEN)
        listed = listed.filter(own_words | Exists(reply_matches))
    if filter.group:
        # The tombstones that name no author to this reader.
        unnamed = [CommentState.REMOVED_BY_AUTHOR]
        if not moderator:
            unnamed.append(CommentState.HIDDEN)
        listed = listed.filter(author_stakeholder_group=filter.group).exclude(state__in=unnamed)
    return listed


def _listing(
    consultation: ConsultationPage,
    *,
    held: Q | None,
    sort: str,
    number: int,
    filter: ListingFilter,
    moderator: bool = False,
) -> _Listing:
    listed = _filtered(
        _listed_threads(consultation, held=held), consultation, filter, moderator=moderator
    )
    counts = Comment.objects.filter(consultation=consultation).aggregate(
        comments=Count("pk", filter=Q(state=CommentState.VISIBLE)),
        threads=Count("pk", filter=Q(pk__in=listed.values("pk"))),
    )
    page_count = max(1, -(-counts["threads"] // THREADS_PER_PAGE))
    if number > page_count:
        # Raised before anything is kept: only pages that exist are.
        raise PastTheLastPage(page_count)
    offset = (number - 1) * THREADS_PER_PAGE
    # Read first, as a list: "id IN (...) OR thread IN (...)" over a subquery defeats the
    # indexes, and PostgreSQL then scans every comment of every consultation.
    page_ids = tuple(
        listed.order_by(*SORTS[sort][1]).values_list("pk", flat=True)[
            offset : offset + THREADS_PER_PAGE
        ]
    )
    return _Listing(
        comment_count=counts["comments"],
        thread_count=counts["threads"],
        page_count=page_count,
        page_number=number,
        page_ids=page_ids,
        tallies=position_tallies(consultation),
        hidden_reasons=position_reasons(consultation, reveal=False),
    )


def _threads(root_ids, *, held: Q | None, moderator: bool) -> _Threads:
    """The threads of the top-level comments `root_ids`, in that order, with the replies
    shown to whoever sees the `held` comments."""
    shown_replies = Q(state__in=SHOWN_STATES) if held is None else Q(state__in=SHOWN_STATES) | held
    rows = list(
        _with_authors(
            Comment.objects.filter(Q(pk__in=root_ids) | (Q(thread__in=root_ids) & shown_replies))
        )
    )
    order = {pk: n for n, pk in enumerate(root_ids)}
    return _Threads(
        roots=sorted((row for row in rows if row.parent_id is None), key=lambda c: order[c.pk]),
        replies=[row for row in rows if row.parent_id is not None],
        moderation=moderation_for(rows, moderator=moderator),
    )


def public_threads(
    root_ids: list[int], *, viewer: Viewer, consultation: ConsultationPage
) -> list[CommentView]:
    """The threads of the top-level comments `root_ids`, as a reader who sees no held comment
    and has marked none (an anonymous reader) sees them on the listing: for a kept page
    whose other threads are still current (consult.discussion.thread_fragments)."""
    return _threads(root_ids, held=None, moderator=False).views(
        # Never an identity, whoever asks: the HTML is kept for the public.
        reader=dataclasses.replace(reader_for(viewer, consultation, moderator=False), reveal=False),
        viewer=viewer,
        consultation=consultation,
    )


UNFILTERED = ListingFilter()


def discussion_for(
    *,
    page: ConsultationPage,
    viewer: Viewer,
    sort: str | None = None,
    page_number: int | None = None,
    filter: ListingFilter = UNFILTERED,
) -> Discussion:
    """The discussion shown on `page` (any language version) to `viewer`, sorted by one of
    SORTS and narrowed by `filter`; PastTheLastPage for a page number past the last page."""
    consultation = canonical_consultation(page)
    sort = sort or DEFAULT_SORT
    number = page_number or 1
    # A participant's facts come with the live stream's number, read before any row shown.
    facts = viewer_facts(viewer, consultation)
    live_seq = facts.live_seq if facts else current_number(consultation.pk)
    # Only staff can be moderators: participants' pages pay no query to find out.
    moderator = bool(facts and (facts.in_staff_group or viewer.is_superuser)) and can_moderate(
        viewer
    )
    # Held comments are the only ones shown to some readers and not others: whoever sees
    # none shares the listing read for everyone, under the discussion's version.
    held = (
        _held_for(viewer, moderator=moderator) if moderator or (facts and facts.has_held) else None
    )

    def read() -> _Listing:
        return _listing(
            consultation, held=held, sort=sort, number=number, filter=filter, moderator=moderator
        )

    reader = reader_for(viewer, consultation, moderator=moderator)
    kept_threads = thread_names = None
    # A filtered listing is read for its reader alone: searches are too many to keep.
    if held is None and not filter:
        # Kept under the discussion's version, and the reaction order's where it sorts by it.
        order = (
            (reaction_order_key(consultation.translation_key),) if sort in REACTION_SORTS else ()
        )
        listing = discussion_shared(consultation, ("listing", sort, number), read, extra_keys=order)
        # Each thread's rows and views are kept under its own version too: a reaction to one
        # of them reads that page's threads again, and nothing else. Readers of a kind share
        # the views, and their own comments and marks are put into a copy of their threads.
        shared, kept_threads = threads_shared(
            consultation,
            listing.page_ids,
            lambda: _shared_views(
                _threads(listing.page_ids, held=None, moderator=False), reader, consultation
            ),
            variant=reader.kind,
        )
        reactions, flagged = viewer_marks(viewer, list(shared.thread_of))
        views, overlays = _overlaid(
            shared,
            reader=reader,
            viewer=viewer,
            consultation=consultation,
            reactions=reactions,
            flagged=flagged,
        )
        if kept_threads is not None:
            listed = {pk: n for n, pk in enumerate(listing.page_ids)}
            thread_names = [
                (reader.kind, *kept_threads.of(listed[view.id]), overlay)
                for view, overlay in zip(views, overlays, strict=True)
            ]
    else:
        listing = read()
        threads = _threads(listing.page_ids, held=held, moderator=moderator)
        reactions, flagged = viewer_marks(viewer, [row.pk for row in threads.rows])
        views = threads.views(
            reader=reader, viewer=viewer, consultation=consultation, flagged=flagged
        )
        if reactions:
            _apply_reactions(views, reactions)
    reveal = reader.reveal
    refusal = reader.refusal
    return Discussion(
        consultation=consultation,
        page=page,
        threads=views,
        comment_count=listing.comment_count,
        thread_count=listing.thread_count,
        page_number=listing.page_number,
        page_count=listing.page_count,
        sort=sort,
        sorts=[(key, str(label)) for key, (label, _order) in SORTS.items()],
        refusal=str(permissions.REFUSALS[refusal]) if refusal else None,
        refusal_code=refusal,
        reveal_identities=reveal,
        position=PositionPanel(
            tallies=listing.tallies,
            own_position=facts.own_position if facts else None,
            refusal=str(permissions.REFUSALS[refusal]) if refusal else None,
            reasons=(
                position_reasons(consultation, reveal=True) if reveal else listing.hidden_reasons
            ),
        ),
        display_mode=facts.display_mode if facts else DisplayMode.PSEUDONYM,
        viewer=facts,
        live_seq=live_seq,
        filter=filter,
        kept_threads=kept_threads,
        thread_names=thread_names,
    )


def _apply_reactions(views: list[CommentView], reactions: dict[int, str]) -> None:
    stack = list(views)
    while stack:
        comment_view = stack.pop()
        comment_view.viewer_reaction = reactions.get(comment_view.id)
        stack.extend(comment_view.replies)


def thread_page_number(comment: Comment) -> int:
    """The page, in the default order, that shows `comment`'s thread."""
    root = comment.thread or comment
    order_newer = Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
    newer = _listed_threads(comment.consultation).filter(order_newer).count()
    return newer // THREADS_PER_PAGE + 1
