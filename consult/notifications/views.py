"""The signed-in participant's notices: moderation decisions about them, the outcome of
their reports and appeals. Opening the page marks the notices read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consult.notifications import services
from consult.notifications.models import Notification
from consult.notifications.sections import sections_context

SHOWN = 100


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    notices = list(Notification.objects.filter(user=request.user)[:SHOWN])
    context = {"notices": notices, **sections_context(request.user, shown=SHOWN)}
    services.notifications_mark_read(user=request.user)
    return render(request, "notifications/list.html", context)
