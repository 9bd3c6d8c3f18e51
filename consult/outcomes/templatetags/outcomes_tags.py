from django import template

from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.viewer import viewer_for
from consult.outcomes.queries import is_following, published_summary_of

register = template.Library()


@register.inclusion_tag("outcomes/includes/consultation_outcome.html", takes_context=True)
def consultation_outcome(context, page: ConsultationPage) -> dict:
    """The link to the published outcome and the follow control: at most two queries.
    Signed-out readers get a plain link, so the cached anonymous page needs no CSRF token."""
    request = context["request"]
    user = request.user
    summary = None
    if page.outcome_published_at is not None:
        summary = published_summary_of(page)
    following = is_following(viewer_for(request), canonical_consultation(page))
    return {
        "page": page,
        # With the request, Wagtail finds the site's root paths once per request, not in
        # the shared cache on every call.
        "page_url": page.get_url(request),
        "user": user,
        "summary_url": summary.url if summary else "",
        "following": following,
        "csrf_token": context.get("csrf_token"),
    }
