"""The response view: GET shows the questionnaire, POST saves a draft or submits.

Without JavaScript a POST redirects back to the consultation page with a message, or
re-renders the questionnaire with errors beside each field and everything typed kept. With
`Accept: application/json` (the autosave in static/js/questionnaires.js) the same view and
service answer in JSON.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from consult.consultations.access import readable_consultation_or_404
from consult.core.ratelimit import RateLimited
from consult.questionnaires import services
from consult.questionnaires.permissions import Refusal
from consult.questionnaires.queries import Questionnaire, questionnaire
from consult.questionnaires.services import ResponseRefused

TEMPLATE = "questionnaires/response_page.html"


@require_http_methods(["GET", "POST"])
def response_view(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    if request.method == "GET":
        return render(
            request, TEMPLATE, {"page": page, "questionnaire": questionnaire(request, page)}
        )

    wants_json = "application/json" in request.headers.get("Accept", "")
    current = questionnaire(request, page, data=request.POST)
    if current.refusal is not None:
        return _refused(request, page, current.refusal, wants_json=wants_json)
    form = current.form
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        write = services.response_submit if submit else services.response_save_draft
        try:
            response = write(user=request.user, consultation=page, answers=form.answers())
        except ResponseRefused as refused:
            return _refused(request, page, refused.refusal, wants_json=wants_json)
        except RateLimited as limited:
            form.add_error(None, _rate_limited_message(limited))
            return _invalid(request, current, wants_json=wants_json, status=429)
        except ValidationError as error:
            form.add_answer_errors(error)
        else:
            return _saved(request, page, response, submit=submit, wants_json=wants_json)
    return _invalid(request, current, wants_json=wants_json, status=400)


def _saved(request, page, response, *, submit: bool, wants_json: bool) -> HttpResponse:
    if submit:
        message = _(
            "Thank you: your answers were submitted. "
            "You can change them until the consultation closes."
        )
    else:
        saved_at = format_date(timezone.localtime(response.updated_at), "TIME_FORMAT")
        message = _("Draft saved at %(time)s") % {"time": saved_at}
    if wants_json:
        return JsonResponse({"saved": True, "state": response.state, "message": message})
    messages.success(request, message)
    return redirect(page.get_url(request) + "#questions")


def _invalid(request, current: Questionnaire, *, wants_json: bool, status: int) -> HttpResponse:
    form = current.form
    if wants_json:
        errors = {key: [str(error) for error in value] for key, value in form.errors.items()}
        problems = errors.get("__all__", []) + [
            f"{question.number}. {error}"
            for question in current.questions
            for error in errors.get(question.id, [])
        ]
        message = _("Draft not saved: %(problems)s") % {"problems": " ".join(problems)}
        return JsonResponse({"saved": False, "message": message, "errors": errors}, status=status)
    context = {"page": current.page, "questionnaire": current}
    return render(request, TEMPLATE, context, status=status)


def _refused(request, page, refusal: Refusal, *, wants_json: bool) -> HttpResponse:
    message = str(refusal.label)
    if wants_json:
        return JsonResponse({"saved": False, "message": message}, status=403)
    messages.error(request, message)
    return redirect(page.get_url(request) + "#questions")


def _rate_limited_message(limited: RateLimited) -> str:
    return ngettext(
        "You are saving answers too quickly. Please try again in %(seconds)d second.",
        "You are saving answers too quickly. Please try again in %(seconds)d seconds.",
        limited.retry_after,
    ) % {"seconds": limited.retry_after}
