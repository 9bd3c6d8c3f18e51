"""The open data at /api/v1/: read-only, versioned, paginated, described by the OpenAPI
schema at /api/v1/openapi.json, and rate-limited per client.

Contributions carry a per-consultation pseudonym (consult.opendata.pseudonyms) and the
author's stakeholder group; never a name, an email address, an organisation, the profile's
pseudonym or anything about the connection. consult.opendata.queries decides what is open.
"""

from datetime import datetime
from functools import partial
from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Query, Schema
from ninja.throttling import BaseThrottle
from pydantic import Field
from wagtail.rich_text import expand_db_html

from accounts.privacy.network import client_address_hash
from consult.consultations.models import AISystem, ConsultationPage
from consult.core.ratelimit import RateLimited, rate_limit_consume
from consult.opendata import queries
from consult.opendata.licence import licence
from consult.opendata.pseudonyms import OPEN_DATA, participant_pseudonym
from consult.outcomes.queries import published_summary_of
from consult.questionnaires.questions import questions_for

MAX_PAGE_SIZE = 500
# The last page whose rows' offset the database can still take as a 64-bit integer: past it
# the query itself fails. Every page past the data is empty anyway.
MAX_PAGE = (2**63 - 1) // MAX_PAGE_SIZE


class ClientRateLimit(BaseThrottle):
    """consult.core.ratelimit's "api" rate per client, counted under a keyed, daily-rotating
    hash of the address (never the address itself)."""

    retry_after: int | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        key = client_address_hash(request.META.get("REMOTE_ADDR", ""))
        try:
            rate_limit_consume(action="api", key=key)
        except RateLimited as limited:
            self.retry_after = limited.retry_after
            return False
        return True

    def wait(self) -> float | None:
        return self.retry_after


api = NinjaAPI(
    title="Consult open data",
    version="1",
    description=(
        "Published consultations on AI systems, their AI system cards and outcomes, and the "
        "contributions of participants who agreed to research use, under per-consultation "
        "pseudonyms. Every list answer carries the licence, which forbids training AI "
        "systems on the data."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # the interactive docs load third-party scripts; the schema is enough
    throttle=[ClientRateLimit()],
)


class Licence(Schema):
    name: str
    terms: str
    no_ai_training: str


class PageInfo(Schema):
    licence: Licence
    count: int
    page: int
    page_size: int
    next: str | None
    previous: str | None


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(100, ge=1, le=MAX_PAGE_SIZE)


def _page(request: HttpRequest, queryset, query: PageQuery, serialise) -> dict:
    """One page of `queryset` (already ordered): a count and a slice, two queries."""
    count = queryset.count()
    start = (query.page - 1) * query.page_size
    rows = [serialise(row) for row in queryset[start : start + query.page_size]]

    def link(page: int) -> str:
        return request.build_absolute_uri(f"{request.path}?page={page}&page_size={query.page_size}")

    return {
        "licence": licence(),
        "count": count,
        "page": query.page,
        "page_size": query.page_size,
        "next": link(query.page + 1) if start + query.page_size < count else None,
        "previous": link(query.page - 1) if query.page > 1 else None,
        "results": rows,
    }


class ConsultationOut(Schema):
    id: int
    title: str
    language: str
    summary: str
    url: str
    opens_at: datetime
    closes_at: datetime
    status: str
    outcome_published_at: datetime | None
    ai_system: str | None = Field(description="The slug of its AI system card.")


class ConsultationList(PageInfo):
    results: list[ConsultationOut]


def _absolute(request: HttpRequest, url: str | None) -> str:
    """A URL on the host the request came to: Wagtail's full_url would take the Site row's,
    which the first migration sets to http://localhost/."""
    return request.build_absolute_uri(url) if url else ""


def _consultation(request: HttpRequest, page: ConsultationPage) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "language": page.locale.language_code,
        "summary": page.summary,
        "url": _absolute(request, page.get_url(request)),
        "opens_at": page.opens_at,
        "closes_at": page.closes_at,
        "status": str(page.status.value),
        "outcome_published_at": page.outcome_published_at,
        "ai_system": page.ai_system.slug if page.ai_system else None,
    }


def _open_consultation(consultation_id: int) -> ConsultationPage:
    page = queries.consultations().filter(pk=consultation_id).first()
    if page is None:
        raise Http404
    return page


@api.get("/consultations", response=ConsultationList, tags=["consultations"])
def consultation_list(request, query: Query[PageQuery]):
    """Published consultations, oldest first."""
    return _page(request, queries.consultations(), query, partial(_consultation, request))


@api.get("/consultations/{consultation_id}", response=ConsultationOut, tags=["consultations"])
def consultation_detail(request, consultation_id: int):
    return _consultation(request, _open_consultation(consultation_id))


class AISystemOut(Schema):
    slug: str
    name: str
    language: str
    deploying_body: str
    supplier: str
    purpose: str
    scope: str
    lifecycle_phase: str
    decision_mode: str
    human_oversight: str
    redress: str
    data_categories: list[str]
    people_affected: str
    rights_at_risk: list[str]
    is_remote_biometric_identification: bool
    is_automated_content_moderation: bool
    impact_level: int | None
    url: str


class AISystemList(PageInfo):
    results: list[AISystemOut]


def _ai_system(request: HttpRequest, system: AISystem) -> dict:
    return {
        "slug": system.slug,
        "name": system.name,
        "language": system.locale.language_code,
        "deploying_body": system.deploying_body,
        "supplier": system.supplier,
        "purpose": system.purpose,
        "scope": system.scope,
        "lifecycle_phase": system.lifecycle_phase,
        "decision_mode": system.decision_mode,
        "human_oversight": system.human_oversight,
        "redress": system.redress,
        "data_categories": list(system.data_categories or []),
        "people_affected": system.people_affected,
        "rights_at_risk": list(system.rights_at_risk or []),
        "is_remote_biometric_identification": system.is_remote_biometric_identification,
        "is_automated_content_moderation": system.is_automated_content_moderation,
        "impact_level": system.assessment.level,
        "url": _absolute(request, system.get_absolute_url()),
    }


@api.get("/ai-systems", response=AISystemList, tags=["AI systems"])
def ai_system_list(request, query: Query[PageQuery]):
    """Published AI system cards, in every language they are written in."""
    return _page(request, queries.ai_systems(), query, partial(_ai_system, request))


class CommentOut(Schema):
    id: int
    thread_id: int | None
    parent_id: int | None
    participant: str = Field(
        description="A pseudonym for the author, the same throughout this consultation only."
    )
    stakeholder_group: str
    created_at: datetime
    edited_at: datetime | None
    text: str = Field(description="What the participant wrote (limited Markdown).")
    agree: int
    disagree: int
    passes: int


class CommentList(PageInfo):
    results: list[CommentOut]


@api.get("/consultations/{consultation_id}/comments", response=CommentList, tags=["contributions"])
def comment_list(request, consultation_id: int, query: Query[PageQuery]):
    """Comments of participants who agreed to research use, visible on the site, oldest
    first. Replies name their parent, which may be absent if its author did not agree."""
    consultation = _open_consultation(consultation_id)

    def serialise(comment) -> dict:
        return {
            "id": comment.pk,
            "thread_id": comment.thread_id,
            "parent_id": comment.parent_id,
            "participant": participant_pseudonym(
                purpose=OPEN_DATA, consultation_id=consultation.pk, user_id=comment.author_id
            ),
            "stakeholder_group": comment.author_stakeholder_group,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "text": comment.body_source,
            "agree": comment.agree_count,
            "disagree": comment.disagree_count,
            "passes": comment.pass_count,
        }

    return _page(request, queries.open_comments(consultation), query, serialise)


class PositionOut(Schema):
    participant: str
    stakeholder_group: str
    stance: str
    reason: str
    created_at: datetime


class PositionList(PageInfo):
    results: list[PositionOut]


@api.get(
    "/consultations/{consultation_id}/positions", response=PositionList, tags=["contributions"]
)
def position_list(request, consultation_id: int, query: Query[PageQuery]):
    """Positions (support, oppose, unsure) of participants who agreed to research use."""
    consultation = _open_consultation(consultation_id)

    def serialise(position) -> dict:
        return {
            "participant": participant_pseudonym(
                purpose=OPEN_DATA, consultation_id=consultation.pk, user_id=position.user_id
            ),
            "stakeholder_group": position.author_stakeholder_group,
            "stance": position.stance,
            "reason": position.reason,
            "created_at": position.created_at,
        }

    return _page(request, queries.open_positions(consultation), query, serialise)


class QuestionOut(Schema):
    id: str = Field(description="The key of this question in every response's answers.")
    kind: str
    prompt: str
    choices: list[str] = Field(description="Choice answers are indexes into this list.")


class ResponseOut(Schema):
    participant: str
    stakeholder_group: str
    submitted_at: datetime
    answers: dict[str, Any] = Field(description="Answers keyed by question id.")


class ResponseList(PageInfo):
    questions: list[QuestionOut]
    results: list[ResponseOut]


@api.get(
    "/consultations/{consultation_id}/responses", response=ResponseList, tags=["contributions"]
)
def response_list(request, consultation_id: int, query: Query[PageQuery]):
    """Submitted questionnaire responses of participants who agreed to research use, with
    the questions they answer."""
    consultation = _open_consultation(consultation_id)

    def serialise(response) -> dict:
        return {
            "participant": participant_pseudonym(
                purpose=OPEN_DATA, consultation_id=consultation.pk, user_id=response.user_id
            ),
            "stakeholder_group": response.stakeholder_group,
            "submitted_at": response.submitted_at,
            "answers": response.answers,
        }

    page = _page(request, queries.open_responses(consultation), query, serialise)
    page["questions"] = [
        {"id": q.id, "kind": q.kind, "prompt": q.prompt, "choices": list(q.choices)}
        for q in questions_for(consultation)
    ]
    return page


class ThemeOut(Schema):
    theme: str
    response: str = Field(description="The body's response, as HTML.")
    comment_ids: list[int] = Field(
        description="The comments in this open data that the theme answers."
    )


class SummaryOut(Schema):
    consultation_id: int
    language: str
    decision: str
    what_we_heard: str
    decision_explanation: str
    system_card_changes: str
    published_at: datetime | None
    themes: list[ThemeOut]
    licence: Licence


@api.get(
    "/consultations/{consultation_id}/summary",
    response={200: SummaryOut, 404: dict},
    tags=["outcomes"],
)
def summary_detail(request, consultation_id: int):
    """The published outcome: what was heard, the response to each theme, the decision."""
    consultation = _open_consultation(consultation_id)
    summary = published_summary_of(consultation)
    if summary is None:
        return 404, {"detail": "No summary has been published for this consultation."}
    responses = summary.theme_responses.select_related("theme")
    open_ids = set(
        queries.open_comments(consultation)
        .filter(themes__in=[response.theme for response in responses])
        .values_list("pk", "themes")
    )
    return {
        "consultation_id": consultation.pk,
        "language": consultation.locale.language_code,
        "decision": summary.decision,
        "what_we_heard": expand_db_html(summary.what_we_heard),
        "decision_explanation": expand_db_html(summary.decision_explanation),
        "system_card_changes": expand_db_html(summary.system_card_changes),
        "published_at": consultation.outcome_published_at or summary.first_published_at,
        "themes": [
            {
                "theme": response.heading or response.theme.name,
                "response": expand_db_html(response.response),
                "comment_ids": sorted(pk for pk, theme in open_ids if theme == response.theme_id),
            }
            for response in responses
        ],
        "licence": licence(),
    }


@api.get("/licence", response=Licence, tags=["licence"])
def licence_detail(request):
    """The terms of the open data, including that it must never train AI systems."""
    return licence()
