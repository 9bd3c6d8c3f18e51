"""The reaction buttons' reads: the comment a click is posted to, and its buttons after."""

import functools
from dataclasses import dataclass

from django.db import connection
from wagtail.models import Page

from consult.consultations.access import restricted_sql
from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import remember_writer_facts, writer_facts_sql
from consult.core.rows import Columns, table
from consult.core.viewer import as_viewer
from consult.discussion import permissions
from consult.discussion.models import Comment, Reaction
from consult.discussion.queries.viewer import viewer_reactions

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
        SELECT {comment.sql}, {consultation.sql}, {restricted_sql("p")}{{participant}}
        FROM {table(Comment)} c
        JOIN {table(ConsultationPage)} cp ON cp.page_ptr_id = c.consultation_id
        JOIN {table(Page)} p ON p.id = c.consultation_id
        WHERE c.id = %(comment)s
    """  # noqa: S608
    return comment, consultation, sql


def reaction_target(comment_id: int, *, participant=None) -> Comment | None:
    """The comment a reaction is posted to, with what the reaction's checks and answer read
    of it and of its consultation, and not its text, its author's profile or the page's
    body: this is the path of every click on a reaction button, so it is one written-out
    query (consult.core.rows). With a signed-in `participant`, it also reads what
    write_refusal asks about them (remembered for the request) and their reaction to the
    comment, as `participant_reaction` (None: none). Give the request's viewer as
    `participant` for it to keep those facts. `consultation_restricted`: whether any view
    restriction applies to the consultation, for access.read_check."""
    comment_columns, consultation_columns, sql = _reaction_target_columns()
    params = {"comment": comment_id}
    participant_sql = ""
    if participant is not None:
        participant = as_viewer(participant)
        facts, facts_params = writer_facts_sql(participant.pk)
        participant_sql = (
            f", {facts}, (SELECT r.value FROM {table(Reaction)} r "  # noqa: S608
            "WHERE r.comment_id = c.id AND r.user_id = %(writer)s)"
        )
        params = {**facts_params, "comment": comment_id}
    with connection.cursor() as cursor:
        cursor.execute(sql.format(participant=participant_sql), params)
        row = cursor.fetchone()
    if row is None:
        return None
    split, end = len(comment_columns), len(comment_columns) + len(consultation_columns)
    comment = comment_columns.instance(row[:split])
    comment.consultation = consultation_columns.instance(row[split:end])
    comment.consultation_restricted = bool(row[end])
    if participant is not None:
        verified_email, suspended, comment.participant_reaction = row[-3:]
        remember_writer_facts(participant, verified_email=verified_email, suspended=suspended)
    return comment


def reactions_view(comment: Comment, *, viewer, viewer_reaction=UNKNOWN) -> ReactionsView:
    """The reaction buttons of `comment` for `viewer`, who just reacted or tried to."""
    viewer = as_viewer(viewer)
    if viewer_reaction is UNKNOWN:
        viewer_reaction = viewer_reactions(viewer, [comment.pk]).get(comment.pk)
    return ReactionsView(
        id=comment.pk,
        agree_count=comment.agree_count,
        disagree_count=comment.disagree_count,
        pass_count=comment.pass_count,
        viewer_reaction=viewer_reaction,
        can_react=permissions.can_react(viewer, comment, comment.consultation),
    )
