"""The signed-in participant's notices: moderation decisions about them, the outcome of
their reports and appeals. Opening the page marks the notices read."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consult.moderation.models import Flag
from consult.moderation.reasons import rule_texts
from consult.notifications import services
from consult.notifications.models import Notification

SHOWN = 100


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    notices = list(Notification.objects.filter(user=request.user)[:SHOWN])
    reports = list(
        Flag.objects.filter(flagger=request.user)
        .select_related("decision")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    rules = rule_texts()
    for report in reports:
        report.rule_title = rules[report.rule_code].title if report.rule_code in rules else ""
    services.notifications_mark_read(user=request.user)
    context = {"notices": notices, "reports": reports}
    return render(request, "notifications/list.html", context)
