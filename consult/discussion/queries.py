"""Reads for a consultation's discussion, shared by the page, the JSON fragments and later
the API and exports.

The page runs a fixed number of queries whatever the size of the discussion: two counts,
one page of threads, all their replies, the viewer's reactions to them, and the position
tallies. What the public learns about an author is decided here, once: `CommentView` carries
a label and never the account behind a pseudonym, unless the viewer may see identities.
"""

import functools
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.functional import LazyObject, empty
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from accounts.models import Profile, StakeholderGroup, User
from accounts.permissions import STAFF_GROUPS, has_verified_email
from accounts.queries import profile_for
from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import remember_writer_facts, writer_facts_sql
from consult.consultations.queries import canonical_consultation
from consult.core.fragments import reader_fragment
from consult.core.page_cache import discussion_shared
from consult.core.rows import Columns, table
from consult.discussion import permissions
from consult.discussion.addresses import DEFAULT_SORT, SORTS, PastTheLastPage, listing_address
from consult.discussion.campaigns import campaign_sizes
from consult.discussion.models import (
    Comment,
    CommentState,
    DisplayMode,
    Participation,
    Position,
    Reaction,
    Stance,
)
from consult.discussion.thread_fragments import thread_html
from consult.moderation.models import Action, Flag, ModerationDecision
from consult.moderation.permissions import can_moderate
from consult.moderation.reasons import rule_texts, rule_title, screen_check_label
from consult.notifications.context_processors import remember_unread_notifications
from consult.notifications.models import Notification
from consult.outcomes.models import Follow
from consult.outcomes.queries import remember_following
from consult.questionnaires.models import Response
from consult.questionnaires.queries import remember_response
from consult.realtime.models import LiveSequence
from consult.realtime.sequence import current_number

THREADS_PER_PAGE = 20
# Replies nest this deep; deeper replies are listed flat, in order, under "in reply to".
MAX_NESTING = 3
# The same orders in Python, for a page of threads fetched with their replies in one query.
SORT_KEYS = {
    "newest": (lambda c: (c.created_at, c.pk), True),
    "oldest": (lambda c: (c.created_at, c.pk), False),
    "agreed": (lambda c: (c.agree_count, c.created_at, c.pk), True),
    "common_ground": (
        lambda c: (
            c.consensus_score is not None,
            c.consensus_score or 0.0,
            c.agree_count,
            c.created_at,
            c.pk,
        ),
        True,
    ),
}
# Permalinks find a comment's page in this order.
# Hidden comments stay in place as tombstones naming their rule; held ones are added for
# their author and for moderators (see _held_for).
SHOWN_STATES = (CommentState.VISIBLE, CommentState.HIDDEN, CommentState.REMOVED_BY_AUTHOR)
FORMER_PARTICIPANT = _("Former participant")


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
class TallyRow:
    label: str
    support: int = 0
    oppose: int = 0
    unsure: int = 0

    @property
    def total(self) -> int:
        return self.support + self.oppose + self.unsure


@dataclass
class Tallies:
    rows: list[TallyRow]
    total: TallyRow


@dataclass
class PositionPanel:
    """The position tallies, the latest reasons given, and the viewer's own position and
    whether they may set one."""

    tallies: Tallies
    own_position: Position | None
    refusal: str | None
    reasons: list["PositionReason"] = field(default_factory=list)

    @property
    def shown_key(self) -> str:
        """Names everything of the tallies and reasons the panel shows (its HTML is kept by
        it); the reprs hold every field."""
        return repr((self.tallies, self.reasons))


@dataclass(frozen=True)
class PositionReason:
    """A reason someone gave for their position, under the name or pseudonym they appear
    under in the consultation (a pseudonym until they choose otherwise)."""

    stance: str
    reason: str
    author_label: str
    author_detail: str
    # Who is behind a pseudonym: only ever set for editors and moderators.
    identity: str | None


# The page shows the latest few; the tallies count everyone.
REASONS_SHOWN = 10


def position_reasons(consultation: ConsultationPage, *, reveal: bool) -> list[PositionReason]:
    """The latest reasons given with positions, in one query."""
    mode = Participation.objects.filter(consultation=consultation, user=OuterRef("user"))
    rows = (
        Position.objects.filter(consultation=consultation)
        .exclude(reason="")
        .select_related("user__profile")
        .annotate(display_mode=Subquery(mode.values("display_mode")[:1]))
        .order_by("-updated_at", "-pk")[:REASONS_SHOWN]
    )
    reasons = []
    for row in rows:
        label, detail, identity = _person_label(
            getattr(row.user, "profile", None) if row.user_id else None,
            display_mode=row.display_mode or DisplayMode.PSEUDONYM,
            group=row.author_stakeholder_group,
            organisation=row.author_organisation,
            reveal=reveal,
        )
        reasons.append(
            PositionReason(
                stance=str(Stance(row.stance).label),
                reason=row.reason,
                author_label=label,
                author_detail=detail,
                identity=identity,
            )
        )
    return reasons


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

    @property
    def page_numbers(self) -> range:
        return range(1, self.page_count + 1)


@functools.cache
def _translated_group_label(group: str, language: str) -> str:
    return str(StakeholderGroup(group).label)


def _group_label(group: str) -> str:
    # Asked for every comment on a page; a translation lookup each time adds up.
    return _translated_group_label(group, get_language())


def _person_label(
    profile, *, display_mode: str, group: str, organisation: str, reveal: bool
) -> tuple[str, str, str | None]:
    """(label, detail, identity) of a contribution's author, as of its posting: their
    pseudonym or name, as they chose; "Former participant" once no account is behind it."""
    group = _group_label(group)
    if profile is None:
        return str(FORMER_PARTICIPANT), str(group), None
    if display_mode == DisplayMode.PSEUDONYM:
        return profile.pseudonym, str(group), profile.display_name if reveal else None
    detail = f"{organisation}, {group}" if organisation else group
    return profile.display_name, str(detail), None


def author_label(comment: Comment, *, reveal: bool) -> tuple[str, str, str | None]:
    """(label, detail, identity) for the author of `comment`, as of its posting."""
    return _person_label(
        getattr(comment.author, "profile", None) if comment.author_id else None,
        display_mode=comment.author_display_mode,
        group=comment.author_stakeholder_group,
        organisation=comment.author_organisation,
        reveal=reveal,
    )


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


@dataclass
class _Moderation:
    """What moderation adds to a page of comments for one viewer, read in at most three
    queries, and none when the page has no held, hidden or campaign comments."""

    moderator: bool = False
    notes: dict[int, ModerationNote] = field(default_factory=dict)
    campaign_sizes: dict[int, int] = field(default_factory=dict)


def _moderation_for(comments: list[Comment], *, moderator: bool) -> _Moderation:
    held_or_hidden = {
        comment.pk: comment.state
        for comment in comments
        if comment.state in (CommentState.HELD, CommentState.HIDDEN)
    }
    notes = {}
    if held_or_hidden:
        rules = rule_texts()
        decisions = (
            ModerationDecision.objects.filter(
                comment_id__in=held_or_hidden, action__in=(Action.HOLD, Action.HIDE)
            )
            .order_by("created_at", "pk")
            .only(
                "pk",
                "comment_id",
                "action",
                "rule_code",
                "automated",
                "screen_check",
                "screen_version",
            )
        )
        for decision in decisions:
            wanted = Action.HOLD if held_or_hidden[decision.comment_id] == "held" else Action.HIDE
            if decision.action == wanted:  # the latest one wins
                notes[decision.comment_id] = ModerationNote(
                    decision_id=decision.pk,
                    rule_code=decision.rule_code,
                    rule_title=rule_title(decision.rule_code, rules),
                    automated=decision.automated,
                    screen_check=decision.screen_check,
                    screen_version=decision.screen_version,
                    check_label=screen_check_label(decision.screen_check),
                )
    return _Moderation(
        moderator=moderator,
        notes=notes,
        campaign_sizes=campaign_sizes(comment.campaign_id for comment in comments),
    )


def _view(
    comment: Comment,
    *,
    level: int,
    viewer,
    consultation,
    reveal: bool,
    moderation: _Moderation | None = None,
    flagged: bool = False,
) -> CommentView:
    moderation = moderation or _Moderation()
    label, detail, identity = author_label(comment, reveal=reveal)
    state = comment.state
    # Moderators read a hidden comment (marked as hidden); everyone else gets its tombstone.
    removed = state == CommentState.REMOVED_BY_AUTHOR or (
        state == CommentState.HIDDEN and not moderation.moderator
    )
    is_own = viewer.is_authenticated and comment.author_id == viewer.pk
    return CommentView(
        id=comment.pk,
        body_html="" if removed else comment.body_html,
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
        is_own=is_own,
        can_react=permissions.can_react(viewer, comment, consultation),
        can_reply=permissions.can_reply(viewer, comment, consultation),
        # Only ever their own; asking saves nothing for everyone else's.
        can_edit=is_own and permissions.can_edit_comment(viewer, comment, consultation),
        can_delete=is_own and permissions.can_delete_comment(viewer, comment, consultation),
        state=state,
        moderation=moderation.notes.get(comment.pk),
        campaign_id=comment.campaign_id,
        campaign_size=moderation.campaign_sizes.get(comment.campaign_id, 0),
        can_flag=state == CommentState.VISIBLE and not is_own and has_verified_email(viewer),
        flagged=flagged,
    )


def _shown(comments: list[Comment]) -> set[int]:
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


def _build_threads(
    roots, replies, *, viewer, consultation, reveal, moderation: _Moderation, flagged: set[int]
) -> list[CommentView]:
    by_id = {comment.pk: comment for comment in [*roots, *replies]}
    shown = _shown([*roots, *replies])
    views: dict[int, CommentView] = {}

    def view(comment: Comment, level: int) -> CommentView:
        views[comment.pk] = _view(
            comment,
            level=level,
            viewer=viewer,
            consultation=consultation,
            reveal=reveal,
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
    reveal = permissions.can_see_identities(viewer)
    reactions = _viewer_reactions(viewer, [comment.pk for comment in comments])
    moderation = _moderation_for(comments, moderator=can_moderate(viewer))
    views = []
    for comment in comments:
        comment_view = _view(
            comment,
            level=min(comment.depth, MAX_NESTING),
            viewer=viewer,
            consultation=consultation,
            reveal=reveal,
            moderation=moderation,
        )
        comment_view.viewer_reaction = reactions.get(comment.pk)
        if comment.depth > MAX_NESTING and comment.parent is not None:
            comment_view.in_reply_to = author_label(comment.parent, reveal=False)[0]
        views.append(comment_view)
    return views


# Passed when the caller does not know the viewer's reaction (reactions_view then reads it).
UNKNOWN = object()


@dataclass
class ReactionsView:
    """What discussion/reactions.html shows of a comment: its counters and the viewer's part."""

    id: int
    agree_count: int
    disagree_count: int
    pass_count: int
    viewer_reaction: str | None
    can_react: bool


@functools.cache
def _reaction_target_columns() -> tuple[Columns, Columns, str]:
    aliases = {Comment: "c", Page: "p", ConsultationPage: "cp"}
    comment = Columns(
        Comment,
        [
            *("id", "consultation_id", "thread_id", "author_id", "state", "created_at"),
            *("agree_count", "disagree_count", "pass_count"),
        ],
        aliases,
    )
    consultation = Columns(
        ConsultationPage,
        [
            *("id", "page_ptr_id", "live", "locale_id", "translation_key"),
            # What the read gate asks Wagtail for the page's view restrictions.
            *("path", "depth", "alias_of_id"),
            *("opens_at", "closes_at", "outcome_published_at"),
        ],
        aliases,
    )
    # {participant}: what is read about the person reacting, when there is one.
    sql = f"""
        SELECT {comment.sql}, {consultation.sql}{{participant}}
        FROM {table(Comment)} c
        JOIN {table(ConsultationPage)} cp ON cp.page_ptr_id = c.consultation_id
        JOIN {table(Page)} p ON p.id = c.consultation_id
        WHERE c.id = %s
    """  # noqa: S608
    return comment, consultation, sql


def reaction_target(comment_id: int, *, participant=None) -> Comment | None:
    """The comment a reaction is posted to, with what the reaction's checks and answer read
    of it and of its consultation, and not its text, its author's profile or the page's
    body: this is the path of every click on a reaction button, so it is one written-out
    query (consult.core.rows). With a signed-in `participant`, it also reads what
    write_refusal asks about them (remembered for the request) and their reaction to the
    comment, as `participant_reaction` (None: none)."""
    comment_columns, consultation_columns, sql = _reaction_target_columns()
    params = [comment_id]
    participant_sql = ""
    if participant is not None:
        facts, facts_params = writer_facts_sql(participant.pk)
        participant_sql = (
            f", {facts}, (SELECT r.value FROM {table(Reaction)} r "  # noqa: S608
            "WHERE r.comment_id = c.id AND r.user_id = %s)"
        )
        params = [*facts_params, participant.pk, comment_id]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(participant=participant_sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    split, end = len(comment_columns), len(comment_columns) + len(consultation_columns)
    comment = comment_columns.instance(row[:split])
    comment.consultation = consultation_columns.instance(row[split:end])
    if participant is not None:
        verified_email, suspended, comment.participant_reaction = row[-3:]
        remember_writer_facts(participant, verified_email=verified_email, suspended=suspended)
    return comment


def reactions_view(comment: Comment, *, viewer, viewer_reaction=UNKNOWN) -> ReactionsView:
    """The reaction buttons of `comment` for `viewer`, who just reacted or tried to."""
    if viewer_reaction is UNKNOWN:
        viewer_reaction = _viewer_reactions(viewer, [comment.pk]).get(comment.pk)
    return ReactionsView(
        id=comment.pk,
        agree_count=comment.agree_count,
        disagree_count=comment.disagree_count,
        pass_count=comment.pass_count,
        viewer_reaction=viewer_reaction,
        can_react=permissions.can_react(viewer, comment, comment.consultation),
    )


def _viewer_reactions(viewer, comment_ids: list[int]) -> dict[int, str]:
    if not viewer.is_authenticated or not comment_ids:
        return {}
    return dict(
        Reaction.objects.filter(user=viewer, comment_id__in=comment_ids).values_list(
            "comment_id", "value"
        )
    )


def _viewer_marks(viewer, comment_ids: list[int]) -> tuple[dict[int, str], set[int]]:
    """The viewer's reactions to these comments, and those they reported, in one round trip
    (a page asks on every view)."""
    if not viewer.is_authenticated or not comment_ids:
        return {}, set()
    # A report has no reaction value: NULL marks it. Written out, as Django takes longer to
    # build this union than the database takes to run it. The ids are written in as integer
    # literals (int() lets nothing else through): psycopg parses a statement of more than 50
    # parameters afresh every time, 0.8 ms for a page's 200, and remembers one of two.
    ids = ", ".join(str(int(comment_id)) for comment_id in comment_ids)
    sql = f"""
        SELECT comment_id, value FROM {table(Reaction)}
        WHERE user_id = %s AND comment_id IN ({ids})
        UNION ALL
        SELECT comment_id, NULL FROM {table(Flag)}
        WHERE flagger_id = %s AND comment_id IN ({ids})
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [viewer.pk, viewer.pk])
        marks = cursor.fetchall()
    return (
        {comment_id: value for comment_id, value in marks if value is not None},
        {comment_id for comment_id, value in marks if value is None},
    )


def _with_authors(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("author__profile")


def position_tallies(consultation: ConsultationPage) -> Tallies:
    """Positions by stakeholder group, in one aggregate query."""
    rows: dict[str, TallyRow] = {}
    total = TallyRow(label=str(_("All participants")))
    counts = (
        Position.objects.filter(consultation=consultation)
        .values_list("author_stakeholder_group", "stance")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for group, stance, n in counts:
        row = rows.setdefault(group, TallyRow(label=str(StakeholderGroup(group).label)))
        if stance in Stance.values:
            setattr(row, stance, getattr(row, stance) + n)
            setattr(total, stance, getattr(total, stance) + n)
    ordered = [rows[group] for group in StakeholderGroup.values if group in rows]
    return Tallies(rows=ordered, total=total)


@dataclass
class ViewerFacts:
    """What the page needs to know about a signed-in viewer, read in one query."""

    name: str | None
    pseudonym: str | None
    display_mode: str
    own_position: Position | None
    in_staff_group: bool = False
    # Whether they have comments held for review here, which only they (and moderators) see.
    has_held: bool = False
    # The uses their profile allows by default, offered on each new comment.
    research_consent: bool = False
    automated_analysis_consent: bool = True
    # The consultation's live stream number, read in the same statement (Discussion.live_seq).
    live_seq: int = 0


@functools.cache
def _response_columns() -> Columns:
    """The viewer's questionnaire response, read whole among their facts."""
    return Columns(
        Response, [field.attname for field in Response._meta.concrete_fields], {Response: "r"}
    )


@functools.cache
def _viewer_facts_sql() -> str:
    """The viewer-facts query. Written out because Django takes three times longer to build
    it from querysets (six subqueries) than the database takes to run it, on every page a
    participant opens."""
    tables = {
        name: table(model)
        for name, model in {
            "user": User,
            "profile": Profile,
            "user_groups": User.groups.through,
            "group": Group,
            "comment": Comment,
            "participation": Participation,
            "position": Position,
            "follow": Follow,
            "notification": Notification,
            "live_sequence": LiveSequence,
            "response": Response,
        }.items()
    }
    staff = ", ".join(["%s"] * len(STAFF_GROUPS))
    # Table names from the models, quoted; every value is a parameter.
    return f"""
        SELECT
            {{writer_facts}},
            EXISTS(SELECT 1 FROM {tables["user_groups"]} ug
                   JOIN {tables["group"]} g ON g.id = ug.group_id
                   WHERE ug.user_id = u.id AND g.name IN ({staff})),
            EXISTS(SELECT 1 FROM {tables["comment"]} c
                   WHERE c.consultation_id = %s AND c.author_id = u.id AND c.state = %s),
            EXISTS(SELECT 1 FROM {tables["follow"]} f
                   WHERE f.consultation_id = %s AND f.user_id = u.id),
            (SELECT COUNT(*) FROM {tables["notification"]} n
             WHERE n.user_id = u.id AND n.read_at IS NULL),
            (SELECT ls.value FROM {tables["live_sequence"]} ls WHERE ls.consultation_id = %s),
            pa.display_mode, po.stance, po.reason,
            pr.display_name, pr.pseudonym, pr.research_consent, pr.automated_analysis_consent,
            {_response_columns().sql}
        FROM {tables["user"]} u
        LEFT JOIN {tables["profile"]} pr ON pr.user_id = u.id
        LEFT JOIN {tables["participation"]} pa ON pa.user_id = u.id AND pa.consultation_id = %s
        LEFT JOIN {tables["position"]} po ON po.user_id = u.id AND po.consultation_id = %s
        LEFT JOIN {tables["response"]} r ON r.user_id = u.id AND r.consultation_id = %s
        WHERE u.id = %s
    """  # noqa: S608


def viewer_facts(user, consultation: ConsultationPage) -> ViewerFacts | None:
    """The viewer's names, choices, permissions and questionnaire response, and the live
    stream's number, in one query (rather than eleven), and the permission checks, the
    header, the follow button and the questionnaire primed with them."""
    if not user.is_authenticated:
        return None
    # What write_refusal asks, as the reaction's read asks it.
    writer_facts, params = writer_facts_sql(user.pk)
    params += [*STAFF_GROUPS, consultation.pk, CommentState.HELD, consultation.pk]
    params += [consultation.pk, consultation.pk, consultation.pk, consultation.pk, user.pk]
    with connection.cursor() as cursor:
        cursor.execute(_viewer_facts_sql().format(writer_facts=writer_facts), params)
        row = cursor.fetchone()
    if row is None:  # the account was deleted during this request
        return None
    verified, suspended, in_staff_group, has_held, following, unread, live_seq, *choices = row
    mode, stance, reason, *profile = choices
    name, pseudonym, research_consent, automated_analysis_consent, *response = profile
    permissions.remember_viewer(
        user,
        verified_email=bool(verified),
        in_staff_group=bool(in_staff_group),
        suspended=bool(suspended),
    )
    # The header's notices link and the follow button ask no more.
    remember_unread_notifications(user, unread)
    remember_following(user, consultation, following=bool(following))
    # A response always has an id, first of its columns.
    response = _response_columns().instance(response) if response[0] is not None else None
    remember_response(user, consultation, response)
    return ViewerFacts(
        name=name,
        pseudonym=pseudonym,
        display_mode=mode or DisplayMode.PSEUDONYM,
        own_position=(
            Position(consultation=consultation, stance=stance, reason=reason) if stance else None
        ),
        in_staff_group=bool(in_staff_group),
        has_held=bool(has_held),
        research_consent=bool(research_consent),
        # No profile yet (an account made outside signup): analysis is on by default.
        automated_analysis_consent=automated_analysis_consent is None
        or bool(automated_analysis_consent),
        live_seq=live_seq or 0,
    )


def display_mode_for(user, consultation: ConsultationPage) -> str:
    """How `user` last chose to appear in `consultation`; a pseudonym until they choose."""
    if not user.is_authenticated:
        return DisplayMode.PSEUDONYM
    mode = (
        Participation.objects.filter(consultation=consultation, user=user)
        .values_list("display_mode", flat=True)
        .first()
    )
    return mode or DisplayMode.PSEUDONYM


def own_position(user, consultation: ConsultationPage) -> Position | None:
    if not user.is_authenticated:
        return None
    return Position.objects.filter(consultation=consultation, user=user).first()


def position_panel(*, page: ConsultationPage, viewer) -> PositionPanel:
    consultation = canonical_consultation(page)
    refusal = permissions.participation_refusal(viewer, consultation)
    return PositionPanel(
        tallies=position_tallies(consultation),
        own_position=own_position(viewer, consultation),
        refusal=str(permissions.REFUSALS[refusal]) if refusal else None,
        reasons=position_reasons(consultation, reveal=permissions.can_see_identities(viewer)),
    )


def position_own_html(request: HttpRequest, page: ConsultationPage, panel: PositionPanel):
    """The reader's own part of the position panel: their position and its forms."""
    # Imported here: forms are the views' business.
    from consult.discussion.forms import PositionForm

    own = panel.own_position
    initial = {"stance": own.stance, "reason": own.reason} if own else {}

    def context() -> dict:
        form = None
        if request.user.is_authenticated:
            form = PositionForm(initial=initial, auto_id="position-%s")
        return {"position": panel, "page": page, "form": form}

    key = ("position_own", page.pk, request.user.is_authenticated, panel.refusal, *initial.values())
    return reader_fragment(request, key, "discussion/position_own.html", context)


@dataclass(frozen=True)
class _Listing:
    """A page of threads and what goes with it, as read for a set of held comments; never
    changed once read, as everyone who sees no held comment shares it."""

    comment_count: int
    thread_count: int
    page_count: int
    page_number: int
    roots: list[Comment]
    replies: list[Comment]
    moderation: _Moderation
    tallies: Tallies
    hidden_reasons: list[PositionReason]


def _listing(
    consultation: ConsultationPage, *, held: Q | None, moderator: bool, sort: str, number: int
) -> _Listing:
    listed = _listed_threads(consultation, held=held)
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
    page_ids = list(
        listed.order_by(*SORTS[sort][1]).values_list("pk", flat=True)[
            offset : offset + THREADS_PER_PAGE
        ]
    )
    shown_replies = Q(state__in=SHOWN_STATES) if held is None else Q(state__in=SHOWN_STATES) | held
    rows = list(
        _with_authors(
            Comment.objects.filter(Q(pk__in=page_ids) | (Q(thread__in=page_ids) & shown_replies))
        ).annotate(consensus_score=F("consensus__score"))
    )
    sort_key, newest_first = SORT_KEYS[sort]
    return _Listing(
        comment_count=counts["comments"],
        thread_count=counts["threads"],
        page_count=page_count,
        page_number=number,
        roots=sorted(
            (row for row in rows if row.parent_id is None), key=sort_key, reverse=newest_first
        ),
        replies=[row for row in rows if row.parent_id is not None],
        moderation=_moderation_for(rows, moderator=moderator),
        tallies=position_tallies(consultation),
        hidden_reasons=position_reasons(consultation, reveal=False),
    )


def _unwrapped(user):
    """The user behind request.user's lazy proxy, through which every attribute read costs a
    few calls and an exception: a page asks about its viewer ten times a comment."""
    if not isinstance(user, LazyObject):
        return user
    if user._wrapped is empty:
        user._setup()
    return user._wrapped


def discussion_for(
    *, page: ConsultationPage, viewer, sort: str | None = None, page_number: int | None = None
) -> Discussion:
    """The discussion shown on `page` (any language version) to `viewer`, sorted by one of
    SORTS; PastTheLastPage for a page number past the last page."""
    viewer = _unwrapped(viewer)
    consultation = canonical_consultation(page)
    sort = sort or DEFAULT_SORT
    number = page_number or 1
    # The first read: a participant's facts come with the live stream's number.
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
        return _listing(consultation, held=held, moderator=moderator, sort=sort, number=number)

    if held is None:
        listing = discussion_shared(consultation, ("listing", sort, number), read)
    else:
        listing = read()
    ids = [row.pk for row in (*listing.roots, *listing.replies)]
    reveal = permissions.can_see_identities(viewer)
    reactions, flagged = _viewer_marks(viewer, ids)
    with permissions.refusal_checked_once(viewer, consultation):
        threads = _build_threads(
            listing.roots,
            listing.replies,
            viewer=viewer,
            consultation=consultation,
            reveal=reveal,
            moderation=listing.moderation,
            flagged=flagged,
        )
    if reactions:
        _apply_reactions(threads, reactions)
    refusal = permissions.participation_refusal(viewer, consultation)
    return Discussion(
        consultation=consultation,
        page=page,
        threads=threads,
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
    )


def _apply_reactions(views: list[CommentView], reactions: dict[int, str]) -> None:
    stack = list(views)
    while stack:
        comment_view = stack.pop()
        comment_view.viewer_reaction = reactions.get(comment_view.id)
        stack.extend(comment_view.replies)


def discussion_context(request: HttpRequest, page: ConsultationPage) -> dict:
    """The template context the consultation page adds for its discussion section: the
    discussion, and for those who may take part, the forms to do so."""
    # Imported here: forms are the views' business, this is the page's one entry point.
    from consult.discussion.forms import CommentForm

    address = listing_address(request.GET)
    discussion = discussion_for(
        page=page, viewer=request.user, sort=address.sort, page_number=address.page
    )
    context: dict = {
        "discussion": discussion,
        "thread_html": thread_html(discussion.threads, page=page, request=request),
        "live_seq": discussion.live_seq,
    }
    if discussion.refusal is None:
        facts = discussion.viewer
        if not facts.pseudonym:  # an account made outside signup: no profile yet
            profile = profile_for(request.user)
            facts.name, facts.pseudonym = profile.display_name, profile.pseudonym
        names = {"name": facts.name, "pseudonym": facts.pseudonym}
        initial = {
            "display_mode": discussion.display_mode,
            "research_use": facts.research_consent,
            "automated_analysis": facts.automated_analysis_consent,
        }
        # The forms' HTML follows from the names and choices offered.
        context["comment_forms_html"] = reader_fragment(
            request,
            ("comment_forms", page.pk, *names.values(), *initial.values()),
            "discussion/comment_forms.html",
            lambda: {
                "comment_form": CommentForm(initial=initial, auto_id="comment-%s", **names),
                "reply_form": CommentForm(initial=initial, auto_id="reply-%s", **names),
                "page": page,
            },
        )
    context["position_own_html"] = position_own_html(request, page, discussion.position)
    return context


def thread_page_number(comment: Comment) -> int:
    """The page, in the default order, that shows `comment`'s thread."""
    root = comment.thread or comment
    order_newer = Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
    newer = _listed_threads(comment.consultation).filter(order_newer).count()
    return newer // THREADS_PER_PAGE + 1
