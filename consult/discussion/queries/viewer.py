"""What the discussion asks about its reader: their facts on a consultation page (read once,
given to the request's viewer), their reactions and reports, their chosen name."""

import functools
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import connection

from accounts.models import Profile, User
from accounts.permissions import IN_STAFF_GROUP, STAFF_GROUPS
from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import remember_writer_facts, writer_facts_sql
from consult.consultations.queries import canonical_consultation
from consult.core.rows import Columns, any_of, ids_param, table
from consult.core.viewer import Viewer
from consult.discussion.extensions import reader_facts, reports_sql
from consult.discussion.models import (
    Comment,
    CommentState,
    DisplayMode,
    Participation,
    Position,
    Reaction,
)
from consult.notifications.context_processors import UNREAD_NOTIFICATIONS
from consult.notifications.models import Notification
from consult.questionnaires.models import Response
from consult.questionnaires.queries import response_key
from consult.realtime.models import LiveSequence


def viewer_reactions(viewer: Viewer, comment_ids: list[int]) -> dict[int, str]:
    if not viewer.is_authenticated or not comment_ids:
        return {}
    return dict(
        Reaction.objects.filter(user_id=viewer.pk, comment_id__in=comment_ids).values_list(
            "comment_id", "value"
        )
    )


@functools.cache
def _marks_sql() -> str:
    """The viewer's reactions to some comments and those they reported, on every page a
    participant opens. Written out because the same rows read as a union of querysets cost
    about four times the CPU (tests/benchmarks/viewer_facts_bench.py, `viewer_marks`)."""
    reported = "".join(
        f" UNION ALL SELECT comment_id, NULL FROM ({sql}) AS reported_{n}"  # noqa: S608
        for n, sql in enumerate(reports_sql())
    )
    # Table names from the models, quoted; every value is a named parameter.
    return (
        f"SELECT comment_id, value FROM {table(Reaction)}"  # noqa: S608
        f" WHERE user_id = %(reader)s AND {any_of('comment_id', 'comments')}{reported}"
    )


def viewer_marks(viewer: Viewer, comment_ids: list[int]) -> tuple[dict[int, str], set[int]]:
    """The viewer's reactions to these comments, and those they reported, in one round trip
    (a page asks on every view). A report has no reaction value: NULL marks it."""
    if not viewer.is_authenticated or not comment_ids:
        return {}, set()
    with connection.cursor() as cursor:
        cursor.execute(_marks_sql(), {"reader": viewer.pk, "comments": ids_param(comment_ids)})
        marks = cursor.fetchall()
    return (
        {comment_id: value for comment_id, value in marks if value is not None},
        {comment_id for comment_id, value in marks if value is None},
    )


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
    """The viewer-facts query, on every page a participant opens. Written out because the
    same row read through one queryset (six subqueries, three filtered joins) costs about
    twelve times the CPU (tests/benchmarks/viewer_facts_bench.py); the database takes a
    fraction of a millisecond either way."""
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
            "notification": Notification,
            "live_sequence": LiveSequence,
            "response": Response,
        }.items()
    }
    staff = ", ".join(f"%(staff_{index})s" for index in range(len(STAFF_GROUPS)))
    # Table names from the models, quoted; every value is a named parameter.
    return f"""
        SELECT
            {{writer_facts}},
            {"".join(f"{fact.sql()}, " for fact in reader_facts())}
            EXISTS(SELECT 1 FROM {tables["user_groups"]} ug
                   JOIN {tables["group"]} g ON g.id = ug.group_id
                   WHERE ug.user_id = u.id AND g.name IN ({staff})),
            EXISTS(SELECT 1 FROM {tables["comment"]} c
                   WHERE c.consultation_id = %(consultation)s AND c.author_id = u.id
                   AND c.state = %(held)s),
            (SELECT COUNT(*) FROM {tables["notification"]} n
             WHERE n.user_id = u.id AND n.read_at IS NULL),
            (SELECT ls.value FROM {tables["live_sequence"]} ls
             WHERE ls.consultation_id = %(consultation)s),
            pa.display_mode, po.stance, po.reason,
            pr.display_name, pr.pseudonym, pr.research_consent, pr.automated_analysis_consent,
            {_response_columns().sql}
        FROM {tables["user"]} u
        LEFT JOIN {tables["profile"]} pr ON pr.user_id = u.id
        LEFT JOIN {tables["participation"]} pa
            ON pa.user_id = u.id AND pa.consultation_id = %(consultation)s
        LEFT JOIN {tables["position"]} po
            ON po.user_id = u.id AND po.consultation_id = %(consultation)s
        LEFT JOIN {tables["response"]} r
            ON r.user_id = u.id AND r.consultation_id = %(consultation)s
        WHERE u.id = %(writer)s
    """  # noqa: S608


def viewer_facts(viewer: Viewer, consultation: ConsultationPage) -> ViewerFacts | None:
    """What the consultation page asks about a signed-in viewer: their names, choices,
    permissions and questionnaire response, and the live stream's number. Read once per
    request, by whichever section asks first, in one query rather than eleven; the viewer
    then answers the permission checks, the header, the follow button and the questionnaire
    from it."""
    if not viewer.is_authenticated:
        return None
    return viewer.fact(("page_facts", consultation.pk), lambda: _read(viewer, consultation))


def read_page_reader(viewer: Viewer, page: ConsultationPage) -> None:
    """Read what the consultation page's sections ask about their reader (see
    ConsultationPage.get_context)."""
    viewer_facts(viewer, canonical_consultation(page))


def _read(viewer: Viewer, consultation: ConsultationPage) -> ViewerFacts | None:
    # What write_refusal asks, as the reaction's read asks it.
    writer_facts, params = writer_facts_sql(viewer.pk)
    params.update({f"staff_{index}": name for index, name in enumerate(STAFF_GROUPS)})
    params.update(consultation=consultation.pk, held=CommentState.HELD)
    with connection.cursor() as cursor:
        cursor.execute(_viewer_facts_sql().format(writer_facts=writer_facts), params)
        row = cursor.fetchone()
    if row is None:  # the account was deleted during this request
        return None
    verified, suspended, *row = row
    for fact, value in zip(reader_facts(), row, strict=False):
        fact.remember(viewer, consultation, value)
    in_staff_group, has_held, unread, live_seq, *choices = row[len(reader_facts()) :]
    mode, stance, reason, *profile = choices
    name, pseudonym, research_consent, automated_analysis_consent, *response = profile
    remember_writer_facts(viewer, verified_email=verified, suspended=suspended)
    viewer.know(
        **{IN_STAFF_GROUP: bool(in_staff_group), UNREAD_NOTIFICATIONS: unread},
    )
    # A response always has an id, first of its columns.
    response = _response_columns().instance(response) if response[0] is not None else None
    viewer.remember(response_key(consultation), response)
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
