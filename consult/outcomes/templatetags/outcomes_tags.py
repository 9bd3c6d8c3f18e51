from django import template

from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.fragments import reader_fragment
from consult.core.viewer import viewer_for
from consult.outcomes.queries import is_following, published_summary_of

register = template.Library()


@register.simple_tag(takes_context=True)
def consultation_outcome(context, page: ConsultationPage):
    """The link to the published outcome and the follow control: at most two queries, and
    the HTML kept by what it shows (the page's address follows from the page and the site
    version), with the reader's CSRF token put in. Signed-out readers get a plain link, so
    the cached anonymous page needs no CSRF token."""
    request = context["request"]
    authenticated = request.user.is_authenticated
    summary = None
    if page.outcome_published_at is not None:
        summary = published_summary_of(page)
    summary_url = summary.url if summary else ""
    following = is_following(viewer_for(request), canonical_consultation(page))
    return reader_fragment(
        request,
        ("consultation_outcome", page.pk, authenticated, summary_url, following),
        "outcomes/includes/consultation_outcome.html",
        lambda: {
            "page": page,
            # With the request, Wagtail finds the site's root paths once per request, not
            # in the shared cache on every call.
            "page_url": page.get_url(request),
            "authenticated": authenticated,
            "summary_url": summary_url,
            "following": following,
        },
    )
