"""Every contribution to a consultation, as flat rows for the body's analysts.

Rows come from `values()` iterated in chunks, so memory stays flat whatever the size of the
consultation; each row names its author only by a per-consultation pseudonym
(consult.opendata.pseudonyms, never an email, a name or the profile's public pseudonym) and
their stakeholder group. Comments removed by their authors keep their row, not their text.
"""

from collections.abc import Iterator

from django.db.models import OuterRef, StringAgg, Subquery, Value
from django.utils import translation

from consult.consultations.models import ConsultationPage
from consult.discussion.models import Comment, CommentState, DisplayMode, Position
from consult.opendata.pseudonyms import EXPORT, participant_pseudonym
from consult.outcomes.models import CommentTheme
from consult.questionnaires.models import Response, ResponseState
from consult.questionnaires.questions import Question, questions_for

CHUNK = 2000
COLUMNS = (
    "kind",
    "id",
    "created_at",
    "edited_at",
    "thread_id",
    "parent_id",
    "participant",
    "stakeholder_group",
    "organisation",
    "display_mode",
    "state",
    "campaign_id",
    "themes",
    "research_use",
    "automated_analysis",
    "stance",
    "agree",
    "disagree",
    "pass",
    "text",
)


def _iso(value) -> str:
    return value.isoformat() if value else ""


# Joins theme names in the database; SQLite cannot order inside an aggregate, so the names
# are sorted when the row is written.
THEME_SEPARATOR = "\x1f"


def _themes():
    names = (
        CommentTheme.objects.filter(comment=OuterRef("pk"))
        .values("comment")
        .annotate(names=StringAgg("theme__name", Value(THEME_SEPARATOR)))
        .values("names")
    )
    return Subquery(names)


def _comment_rows(consultation: ConsultationPage) -> Iterator[dict]:
    rows = (
        Comment.objects.filter(consultation=consultation)
        .annotate(theme_names=_themes())
        .order_by("pk")
        .values(
            "pk", "created_at", "edited_at", "thread_id", "parent_id", "author_id",
            "author_stakeholder_group", "author_organisation", "author_display_mode", "state",
            "campaign_id", "research_use", "automated_analysis", "agree_count",
            "disagree_count", "pass_count", "body_source", "theme_names",
        )
    )  # fmt: skip
    for row in rows.iterator(chunk_size=CHUNK):
        removed = row["state"] == CommentState.REMOVED_BY_AUTHOR
        named = row["author_display_mode"] == DisplayMode.NAMED
        yield {
            "kind": "comment",
            "id": row["pk"],
            "created_at": _iso(row["created_at"]),
            "edited_at": _iso(row["edited_at"]),
            "thread_id": row["thread_id"],
            "parent_id": row["parent_id"],
            "participant": participant_pseudonym(
                purpose=EXPORT, consultation_id=consultation.pk, user_id=row["author_id"]
            ),
            "stakeholder_group": row["author_stakeholder_group"],
            # Only what the public saw: an organisation is shown beside named comments.
            "organisation": row["author_organisation"] if named else "",
            "display_mode": row["author_display_mode"],
            "state": row["state"],
            "campaign_id": row["campaign_id"],
            "themes": "; ".join(sorted((row["theme_names"] or "").split(THEME_SEPARATOR))),
            "research_use": row["research_use"],
            "automated_analysis": row["automated_analysis"],
            "stance": "",
            "agree": row["agree_count"],
            "disagree": row["disagree_count"],
            "pass": row["pass_count"],
            "text": "" if removed else row["body_source"],
            "answers": {},
        }


def _row(consultation, kind: str, *, pk, created_at, edited_at, user_id, **fields) -> dict:
    """A position's or a response's row: the comment columns they lack are left empty."""
    return dict.fromkeys(COLUMNS, "") | {
        "answers": {},
        "kind": kind,
        "id": pk,
        "created_at": _iso(created_at),
        "edited_at": _iso(edited_at),
        "participant": participant_pseudonym(
            purpose=EXPORT, consultation_id=consultation.pk, user_id=user_id
        ),
        **fields,
    }


def _position_rows(consultation: ConsultationPage) -> Iterator[dict]:
    rows = (
        Position.objects.filter(consultation=consultation)
        .order_by("pk")
        .values("pk", "created_at", "updated_at", "user_id", "author_stakeholder_group",
                "stance", "reason")
    )  # fmt: skip
    for row in rows.iterator(chunk_size=CHUNK):
        yield _row(
            consultation,
            "position",
            pk=row["pk"],
            created_at=row["created_at"],
            edited_at=row["updated_at"],
            user_id=row["user_id"],
            stakeholder_group=row["author_stakeholder_group"],
            state="visible",
            stance=row["stance"],
            text=row["reason"],
        )


def _response_rows(consultation: ConsultationPage) -> Iterator[dict]:
    rows = (
        Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED)
        .order_by("pk")
        .values("pk", "submitted_at", "updated_at", "user_id", "stakeholder_group", "answers")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield _row(
            consultation,
            "response",
            pk=row["pk"],
            created_at=row["submitted_at"],
            edited_at=row["updated_at"],
            user_id=row["user_id"],
            stakeholder_group=row["stakeholder_group"],
            state=str(ResponseState.SUBMITTED),
            # Keyed by question block id, choices by index (consult.questionnaires): the
            # formats spread them into one column per question.
            answers=row["answers"],
        )


def contribution_rows(consultation: ConsultationPage) -> Iterator[dict]:
    """Comments, then positions, then submitted questionnaire responses: the COLUMNS, plus
    `answers` (empty but for responses)."""
    yield from _comment_rows(consultation)
    yield from _position_rows(consultation)
    yield from _response_rows(consultation)


def export_questions(consultation: ConsultationPage) -> list[Question]:
    """The consultation's questions worded in the active language: from its translation
    into that language when there is one, else as the canonical page asks them."""
    reader = (
        ConsultationPage.objects.filter(
            translation_key=consultation.translation_key,
            locale__language_code=translation.get_language(),
        )
        .exclude(pk=consultation.pk)
        .first()
    )
    return questions_for(consultation, reader)
