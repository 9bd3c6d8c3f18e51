"""Reads about questionnaire responses, shared by the consultation page, the response view
and (later) results and exports."""

import json
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.discussion.cache import reader_fragment
from consult.questionnaires.forms import ResponseForm
from consult.questionnaires.models import Response, ResponseState
from consult.questionnaires.permissions import Refusal, answer_refusal
from consult.questionnaires.questions import AnswerRow, Question, answer_rows, questions_for


def response_for(*, user: User, consultation: ConsultationPage) -> Response | None:
    """`user`'s response to `consultation` (the canonical page), if any."""
    if not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()


def responses_for(consultation: ConsultationPage) -> QuerySet[Response]:
    """Submitted responses to a consultation, in any language it was answered from: what
    results and exports count. Drafts are the participant's own business."""
    return Response.objects.filter(
        consultation=canonical_consultation(consultation), state=ResponseState.SUBMITTED
    ).order_by("submitted_at", "pk")


@dataclass
class Questionnaire:
    """What the questions section of a consultation page shows to this reader."""

    page: ConsultationPage
    questions: list[Question]
    refusal: Refusal | None
    response: Response | None
    form: ResponseForm | None
    action_url: str
    sign_in_url: str
    rows: list[AnswerRow] = field(default_factory=list)

    @property
    def fields(self):
        """(question, bound field) pairs, in order, for the form."""
        return [(question, self.form[question.id]) for question in self.questions]


def questionnaire(request: HttpRequest, page: ConsultationPage, *, data=None) -> Questionnaire:
    """The questionnaire on `page` (any language) for `request.user`; with `data` (a POST),
    the form is bound to it so nothing typed is lost."""
    canonical = canonical_consultation(page)
    questions = questions_for(canonical, page)
    refusal = answer_refusal(request.user, canonical)
    response = response_for(user=request.user, consultation=canonical)
    form = None
    if refusal is None:
        form = ResponseForm(
            data,
            questions=questions,
            initial=ResponseForm.initial_from(questions, response.answers if response else {}),
        )
    return Questionnaire(
        page=page,
        questions=questions,
        refusal=refusal,
        response=response,
        form=form,
        action_url=reverse("questionnaires:response", kwargs={"page_id": page.pk}),
        sign_in_url=f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
        rows=answer_rows(questions, response.answers) if response else [],
    )


def questionnaire_context(request: HttpRequest, page: ConsultationPage) -> dict:
    """Context for the consultation page's questions section: its HTML, kept by what it
    shows (the questions, why the reader may not answer, their saved answers)."""
    if not page.questions:
        return {}
    current = questionnaire(request, page)
    response = current.response
    saved = None
    if response is not None:
        answers = json.dumps(response.answers, sort_keys=True, default=str)
        saved = (response.pk, response.state, response.updated_at, response.submitted_at, answers)
    key = ("questionnaire", page.pk, current.refusal, current.sign_in_url, saved)
    context = {"page": page, "questionnaire": current}
    html = reader_fragment(request, key, "questionnaires/section.html", lambda: context)
    return {"questionnaire_html": html}
