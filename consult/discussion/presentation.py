"""The consultation page's discussion section as HTML: the threads, and the forms a reader
may use, rendered from what consult.discussion.queries reads and kept by what they show."""

from django.http import HttpRequest

from accounts.queries import profile_for
from consult.consultations.models import ConsultationPage
from consult.core.fragments import reader_fragment
from consult.core.page_cache import KeptThreads, keep_threads
from consult.core.viewer import viewer_for
from consult.discussion.addresses import listing_address, listing_filter
from consult.discussion.forms import CommentFilterForm, CommentForm, PositionForm
from consult.discussion.queries.positions import PositionPanel
from consult.discussion.queries.threads import discussion_for
from consult.discussion.thread_fragments import thread_html


def position_own_html(request: HttpRequest, page: ConsultationPage, panel: PositionPanel):
    """The reader's own part of the position panel: their position and its forms."""
    own = panel.own_position
    initial = {"stance": own.stance, "reason": own.reason} if own else {}

    def context() -> dict:
        form = None
        if request.user.is_authenticated:
            form = PositionForm(initial=initial, auto_id="position-%s")
        return {"position": panel, "page": page, "form": form}

    key = ("position_own", page.pk, request.user.is_authenticated, panel.refusal, *initial.values())
    return reader_fragment(request, key, "discussion/position_own.html", context)


def _keep_threads(request: HttpRequest, page: ConsultationPage, discussion, html) -> None:
    """Tell the page cache which threads the page shows, so that a change to one of them
    (a reaction, an edit) renders that thread alone for the next anonymous reader."""
    kept = discussion.kept_threads
    keep_threads(
        request,
        KeptThreads(
            keys=kept.keys,
            versions=kept.versions,
            html=tuple(html),
            page_id=page.pk,
            consultation_id=discussion.consultation.pk,
            root_ids=tuple(thread.id for thread in discussion.threads),
        ),
    )


def discussion_context(request: HttpRequest, page: ConsultationPage) -> dict:
    """The template context the consultation page adds for its discussion section: the
    discussion, and for those who may take part, the forms to do so."""
    address = listing_address(request.GET)
    discussion = discussion_for(
        page=page,
        viewer=viewer_for(request),
        sort=address.sort,
        page_number=address.page,
        filter=listing_filter(request.GET),
    )
    html = thread_html(
        discussion.threads, page=page, request=request, names=discussion.thread_names
    )
    if discussion.kept_threads is not None:
        _keep_threads(request, page, discussion, html)
    context: dict = {
        "discussion": discussion,
        "thread_html": html,
        "live_seq": discussion.live_seq,
        "filter_form": CommentFilterForm(
            initial={"q": discussion.filter.search, "group": discussion.filter.group},
            auto_id="comment-filter-%s",
        ),
    }
    if discussion.refusal is None:
        facts = discussion.viewer
        if not facts.pseudonym:  # an account made outside signup: no profile yet
            profile = profile_for(request.user)
            facts.name, facts.pseudonym = profile.display_name, profile.pseudonym
        names = {"name": facts.name, "pseudonym": facts.pseudonym}
        initial = {
            "display_mode": discussion.display_mode,
            "research_use": facts.research_consent,
            "automated_analysis": facts.automated_analysis_consent,
        }
        # The forms' HTML follows from the names and choices offered.
        context["comment_forms_html"] = reader_fragment(
            request,
            ("comment_forms", page.pk, *names.values(), *initial.values()),
            "discussion/comment_forms.html",
            lambda: {
                "comment_form": CommentForm(initial=initial, auto_id="comment-%s", **names),
                "reply_form": CommentForm(initial=initial, auto_id="reply-%s", **names),
                "page": page,
            },
        )
    context["position_own_html"] = position_own_html(request, page, discussion.position)
    return context
