"""Reads about questionnaire responses, shared by the consultation page, the response view
and (later) results and exports."""

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.db.models import Max, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.http import urlencode

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.fragments import reader_fragment
from consult.core.viewer import Viewer, as_viewer, viewer_for
from consult.questionnaires.forms import ResponseForm
from consult.questionnaires.models import Response, ResponseState
from consult.questionnaires.permissions import Refusal, answer_refusal
from consult.questionnaires.questions import AnswerRow, Question, answer_rows, questions_for


def response_key(consultation: ConsultationPage) -> tuple:
    """The viewer's fact response_for keeps for `consultation`."""
    return ("response", consultation.pk)


def response_for(*, user: User | Viewer, consultation: ConsultationPage) -> Response | None:
    """`user`'s response to `consultation` (the canonical page), if any."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return None
    return viewer.fact(
        response_key(consultation),
        lambda: Response.objects.filter(consultation=consultation, user_id=viewer.pk).first(),
    )


def responses_for(consultation: ConsultationPage) -> QuerySet[Response]:
    """Submitted responses to a consultation, in any language it was answered from: what
    results and exports count. Drafts are the participant's own business."""
    return Response.objects.filter(
        consultation=canonical_consultation(consultation), state=ResponseState.SUBMITTED
    ).order_by("submitted_at", "pk")


@dataclass
class Questionnaire:
    """What the questions section of a consultation page shows to this reader. The form is
    built when first asked for: a page whose section is kept by what it shows never needs it."""

    page: ConsultationPage
    questions: list[Question]
    refusal: Refusal | None
    response: Response | None
    action_url: str
    sign_in_url: str
    # A POST the form is bound to, so nothing typed is lost.
    data: QueryDict | None = None

    @cached_property
    def form(self) -> ResponseForm | None:
        if self.refusal is not None:
            return None
        answers = self.response.answers if self.response else {}
        return ResponseForm(
            self.data,
            questions=self.questions,
            initial=ResponseForm.initial_from(self.questions, answers),
        )

    @cached_property
    def rows(self) -> list[AnswerRow]:
        return answer_rows(self.questions, self.response.answers) if self.response else []

    @property
    def fields(self):
        """(question, bound field) pairs, in order, for the form."""
        return [(question, self.form[question.id]) for question in self.questions]


def questionnaire(request: HttpRequest, page: ConsultationPage, *, data=None) -> Questionnaire:
    """The questionnaire on `page` (any language) for `request.user`; with `data` (a POST),
    the form is bound to it so nothing typed is lost."""
    canonical = canonical_consultation(page)
    return Questionnaire(
        page=page,
        questions=questions_for(canonical, page),
        refusal=answer_refusal(viewer_for(request), canonical),
        response=response_for(user=viewer_for(request), consultation=canonical),
        action_url=reverse("questionnaires:response", kwargs={"page_id": page.pk}),
        sign_in_url=f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
        data=data,
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


def latest_submission_at(consultation: ConsultationPage) -> datetime | None:
    responses = Response.objects.filter(consultation=consultation, state=ResponseState.SUBMITTED)
    return responses.aggregate(latest=Max("submitted_at"))["latest"]
