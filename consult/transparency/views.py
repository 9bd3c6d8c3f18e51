"""The public record of moderation: the report (HTML, JSON, CSV), the log of decisions, one
decision's statement of reasons, and a coordinated campaign's comments. Public pages, read
only; nothing here needs a session."""

import csv
from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from consult.consultations.access import readable_consultations
from consult.consultations.queries import in_locale_with_fallback
from consult.core.params import int_or
from consult.discussion.queries import comment_views
from consult.moderation.services.appeals import appeal_refusal
from consult.transparency import queries
from consult.transparency.forms import ScopeForm

# The charts' drawing units: the SVG scales to its box, the table beside it keeps the numbers.
CHART_WIDTH = 640
LABEL_WIDTH = 280
BAR_SPACE = 300
BAR_HEIGHT = 24
ROW_HEIGHT = 34


def _page_number(request: HttpRequest) -> int:
    return int_or(request.GET.get("page"), 1)


def _consultation(request: HttpRequest, slug: str | None):
    if slug is None:
        scope = ScopeForm(request.GET)
        # What is not a slug (a NUL byte, which PostgreSQL refuses in any query) names no
        # consultation, like a slug nobody has.
        if not scope.is_valid():
            raise Http404
        slug = scope.cleaned_data["consultation"]
    if not slug:
        return None
    consultation = queries.consultation_by_slug(slug)
    if consultation is None:
        raise Http404
    return consultation


def duration_text(value: timedelta | None) -> str:
    if value is None:
        return _("No decisions yet")
    minutes = round(value.total_seconds() / 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if minutes or not parts:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return " ".join(parts)


def _percent(rate: float | None) -> str:
    if rate is None:
        return _("None decided yet")
    return _("%(n)d%%") % {"n": round(rate * 100)}


def _chart(bars: list[queries.Bar]) -> dict:
    """Positions for a horizontal SVG bar chart of `bars`."""
    rows = []
    for index, bar in enumerate(bars):
        width = round(bar.percent * BAR_SPACE / 100, 1)
        rows.append(
            {
                "bar": bar,
                "y": index * ROW_HEIGHT,
                "text_y": index * ROW_HEIGHT + BAR_HEIGHT * 0.7,
                "width": width,
                "count_x": LABEL_WIDTH + width + 8,
            }
        )
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(1, len(bars)) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
        "bar_x": LABEL_WIDTH,
        "label_x": LABEL_WIDTH - 8,
    }


@require_GET
def report(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    consultation = _consultation(request, slug)
    data = queries.report_for(consultation)
    consultations = in_locale_with_fallback(
        readable_consultations(), locale=request.LANGUAGE_CODE
    ).order_by("title")
    context = {
        "report": data,
        "consultation": consultation,
        "local_consultation": consultation.localized if consultation else None,
        "consultations": consultations.values_list("slug", "title"),
        "median": duration_text(data.median_time_to_decision),
        "approved_rate": _percent(data.held_then_approved_rate),
        "automated_approved_rate": _percent(data.automated_held_then_approved_rate),
        "charts": {
            "action": _chart(data.by_action),
            "rule": _chart(data.by_rule),
            "decider": _chart(data.by_decider),
        },
        "query": f"?consultation={consultation.slug}" if consultation else "",
    }
    return render(request, "transparency/report.html", context)


@require_GET
def report_json(request: HttpRequest) -> JsonResponse:
    data = queries.report_data(queries.report_for(_consultation(request, None)))
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def report_csv(request: HttpRequest) -> HttpResponse:
    """The report's numbers, one per row: section, key, value."""
    data = queries.report_data(queries.report_for(_consultation(request, None)))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"transparency-{data['consultation'] or 'site'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["section", "key", "value"])
    writer.writerow(["consultation", "slug", data["consultation"] or ""])
    writer.writerow(["decisions", "total", data["decisions"]])
    for section in ("by_action", "by_rule", "by_decider", "holds", "appeals", "campaigns"):
        for key, value in data[section].items():
            writer.writerow([section, key, "" if value is None else value])
    return response


@require_GET
def decisions_json(request: HttpRequest) -> JsonResponse:
    """The public log of decisions, newest first, 50 a page."""
    consultation = _consultation(request, None)
    number = _page_number(request)
    entries, count, pages = queries.decisions_page(page_number=number, consultation=consultation)
    number = min(max(number, 1), pages)
    base = reverse("transparency_decisions_json")
    scope = f"consultation={consultation.slug}&" if consultation else ""

    def link(page: int) -> str | None:
        if not 1 <= page <= pages:
            return None
        return request.build_absolute_uri(f"{base}?{scope}page={page}")

    return JsonResponse(
        {
            "count": count,
            "page": number,
            "pages": pages,
            "next": link(number + 1),
            "previous": link(number - 1),
            "results": [queries.log_entry_data(entry) for entry in entries],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def decision_detail(request: HttpRequest, decision_id: int) -> HttpResponse:
    """One decision's statement of reasons."""
    entry = queries.decision_entry(decision_id)
    if entry is None:
        raise Http404
    decision = entry.decision
    context = {
        "entry": entry,
        "statement": entry.statement,
        "consultation_page": decision.consultation.localized if entry.consultation_slug else None,
        # The appeal link, for the one person who may use it.
        "may_appeal": request.user.is_authenticated
        and appeal_refusal(decision, request.user) is None,
    }
    return render(request, "transparency/decision.html", context)


@require_GET
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Every visible comment of a coordinated campaign: kept, readable, counted."""
    found = queries.campaign_page(campaign_id, page_number=_page_number(request))
    if found is None:
        raise Http404
    rows, count, number, pages = found
    consultation = rows[0].consultation
    context = {
        "campaign_id": campaign_id,
        "comments": comment_views(rows, viewer=request.user, consultation=consultation),
        "count": count,
        "page_number": number,
        "page_numbers": range(1, pages + 1),
        "consultation_page": consultation.localized,
    }
    return render(request, "transparency/campaign.html", context)
