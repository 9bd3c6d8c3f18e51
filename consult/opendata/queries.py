"""What the open data may show, decided here once for every endpoint.

A contribution is open data only while: it is visible (never held, hidden or removed), its
author agreed to research use in their profile, and (for comments) they left this
contribution's own research-use choice on. Nothing is cached: a withdrawn consent or a
moderation decision applies to the next request.
"""

from django.db.models import QuerySet

from accounts.privacy.queries import research_consenting_user_ids
from consult.consultations.access import readable_consultations
from consult.consultations.models import AISystem, ConsultationPage
from consult.consultations.queries import one_per_consultation
from consult.discussion.models import Comment, CommentState, Position
from consult.questionnaires.models import Response, ResponseState


def consultations() -> QuerySet[ConsultationPage]:
    """Published consultations, one per consultation: the page its contributions belong to
    (the default-language version, or the only one there is)."""
    return (
        one_per_consultation(readable_consultations())
        .select_related("locale", "ai_system")
        .order_by("pk")
    )


def ai_systems() -> QuerySet[AISystem]:
    return AISystem.objects.filter(live=True).select_related("locale").order_by("pk")


def open_comments(consultation: ConsultationPage) -> QuerySet[Comment]:
    return Comment.objects.filter(
        consultation=consultation,
        state=CommentState.VISIBLE,
        research_use=True,
        author__in=research_consenting_user_ids(),
    ).order_by("pk")


def open_positions(consultation: ConsultationPage) -> QuerySet[Position]:
    return Position.objects.filter(
        consultation=consultation, user__in=research_consenting_user_ids()
    ).order_by("pk")


def open_responses(consultation: ConsultationPage) -> QuerySet[Response]:
    return Response.objects.filter(
        consultation=consultation,
        state=ResponseState.SUBMITTED,
        user__in=research_consenting_user_ids(),
    ).order_by("pk")
