""" "Open now" and "Close now" in the Wagtail admin: a confirmation page (it works without
JavaScript) whose POST calls the service, then back to the page's editor with what happened."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consult.consultations import services
from consult.consultations.models import ConsultationPage

ACTIONS = {
    "open": (services.consultation_open_now, services.OPENED_NOW),
    "close": (services.consultation_close_now, services.CLOSED_NOW),
}


@require_http_methods(["GET", "POST"])
def reschedule_now(request: HttpRequest, page_id: int, action: str) -> HttpResponse:
    page = ConsultationPage.objects.with_id(page_id).first()
    if page is None or action not in ACTIONS:
        raise Http404
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    if request.method == "POST":
        service, _log_action = ACTIONS[action]
        try:
            service(consultation=page, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _done(action, page))
        return redirect("wagtailadmin_pages:edit", page_id)
    return render(
        request, "consultations/admin/reschedule_now.html", {"page": page, "action": action}
    )


def _done(action: str, page: ConsultationPage) -> str:
    if action == "open":
        return _(
            "“%(title)s” is open: participants can contribute now, and its followers will "
            "be told within a minute."
        ) % {"title": page.title}
    return _(
        "“%(title)s” is closed: no more contributions are accepted, and its followers will "
        "be told within a minute."
    ) % {"title": page.title}
