"""The opinion groups page: thin, reads the stored result."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from consult.consultations.access import readable_consultation_or_404
from consult.consultations.queries import canonical_consultation
from consult.opinions import analysis, queries, services


@require_GET
def opinion_groups(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    consultation = canonical_consultation(page)
    view = queries.opinion_groups_view(consultation)
    # Never computed (a consultation from before this feature, or a lost cache count):
    # queue it; the immediate backend of development has it ready for the second read.
    if view is None and services.opinion_groups_enqueue(consultation_id=consultation.pk):
        view = queries.opinion_groups_view(consultation)
    return render(
        request,
        "opinions/opinion_groups.html",
        {
            "page": page,
            "view": view,
            "min_participants": analysis.MIN_PARTICIPANTS,
            "min_votes": analysis.MIN_PARTICIPANT_VOTES,
            "agree_percent": round(analysis.AGREE_SHARE * 100),
            "min_group_votes": analysis.MIN_GROUP_VOTES,
        },
    )
