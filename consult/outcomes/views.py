"""Thin views of the outcomes: following a consultation (signed in, or by email with a
confirmation link), unsubscribing, the staff's theme tagging page, and an author contesting
a theme that cites them."""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from wagtail.models import Locale

from consult.consultations.access import readable_consultation_or_404
from consult.consultations.models import ConsultationPage
from consult.consultations.models.pages import LISTING_PAGE_SIZE
from consult.consultations.queries import canonical_consultation, consultations_for_listing
from consult.consultations.status import ConsultationStatus
from consult.core.errors import NotAllowed
from consult.core.ratelimit import RateLimited
from consult.discussion.models import Comment, CommentState
from consult.outcomes import (
    citations,
    fates,
    permissions,
    queries,
    services,
    suggestion_queries,
    suggestion_services,
)
from consult.outcomes.forms import (
    ContestForm,
    FollowByEmailForm,
    SuggestionDecisionForm,
    TaggingForm,
    ThemeForm,
)
from consult.outcomes.models import (
    CommentTheme,
    Follow,
    SuggestionState,
    Theme,
    ThemeSuggestion,
)

TAGGING_PAGE_SIZE = 50
# The suggestions page reloads itself (no JavaScript needed) while a run is computing.
SUGGESTIONS_REFRESH_SECONDS = 10


def _back(request: HttpRequest, page: ConsultationPage) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return page.url


def _rate_limited(request: HttpRequest, error: RateLimited, template: str, context: dict):
    messages.error(
        request,
        _("You have asked to follow too often. Try again in %(minutes)d minutes.")
        % {"minutes": max(1, error.retry_after // 60)},
    )
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            return follow_by_email(request, page_id)
        context = {"page": page, "form": FollowByEmailForm(), "following": False}
        return render(request, "outcomes/follow.html", context)
    canonical = canonical_consultation(page)
    following = Follow.objects.filter(consultation=canonical, user=user).exists()
    if request.method == "GET":
        return render(request, "outcomes/follow.html", {"page": page, "following": following})
    try:
        services.follow_start(consultation=page, user=user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(_back(request, page))
    except RateLimited as error:
        context = {"page": page, "form": None, "following": following}
        return _rate_limited(request, error, "outcomes/follow.html", context)
    messages.success(
        request,
        _(
            "You follow this consultation: we will email you when it opens, closes and "
            "publishes its outcome."
        ),
    )
    return redirect(_back(request, page))


# No CSRF token, so the follow page sets no cookie for someone without an account (My data
# says none is set before signing in). A forged request could only do what anyone can: ask
# for a confirmation mail to an address, which follows nothing until its link is opened.
@csrf_exempt
@require_POST
def follow_by_email(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    if request.user.is_authenticated:
        return redirect("outcomes:follow", page_id)
    form = FollowByEmailForm(request.POST)
    context = {"page": page, "form": form, "following": False}
    if not form.is_valid():
        return render(request, "outcomes/follow.html", context, status=400)
    try:
        services.follow_request_by_email(
            consultation=page,
            email=form.cleaned_data["email"],
            language=get_language(),
            client=get_adapter().get_client_ip(request),
        )
    except RateLimited as error:
        return _rate_limited(request, error, "outcomes/follow.html", context)
    return render(request, "outcomes/follow_requested.html", {"page": page})


@require_POST
def unfollow(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    if not request.user.is_authenticated:
        return redirect(reverse("outcomes:follow", args=[page.pk]))
    follow = Follow.objects.filter(
        consultation=canonical_consultation(page), user=request.user
    ).first()
    if follow is not None:
        services.follow_stop(follow=follow)
    messages.success(request, _("You no longer follow this consultation."))
    return redirect(_back(request, page))


@require_http_methods(["GET", "POST"])
def follow_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # A button, not the link itself: mail scanners open links, and must not confirm for you.
    if request.method == "GET":
        return render(request, "outcomes/follow_confirm.html", {"token": token})
    follow = services.follow_confirm(token=token)
    if follow is None:
        return render(request, "outcomes/follow_confirm.html", {"invalid": True}, status=400)
    page = follow.consultation.get_translation_or_none(_active_locale()) or follow.consultation
    messages.success(
        request,
        _(
            "Confirmed: we will email you when this consultation opens, closes and publishes "
            "its outcome."
        ),
    )
    return redirect(page.url)


def _active_locale():
    return Locale.get_active()


# Mail providers post here without a session or CSRF token for one-click unsubscribing
# (RFC 8058): the signed token is the authority.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "GET":
        return render(request, "outcomes/unsubscribe.html", {"token": token})
    stopped = services.follow_unsubscribe(token=token)
    return render(request, "outcomes/unsubscribe.html", {"done": True, "stopped": stopped})


@require_http_methods(["GET", "POST"])
def themes(request: HttpRequest, page_id: int) -> HttpResponse:
    # The gate first: a refusal must not tell whether the consultation exists.
    page = readable_consultation_or_404(request, page_id)
    if not permissions.can_tag_themes(request.user):
        raise PermissionDenied
    canonical = canonical_consultation(page)
    theme_list = list(queries.themes_of(canonical))
    theme_form = ThemeForm(request.POST if "create_theme" in request.POST else None)
    filters = _tagging_filters(request, theme_list)
    comments = Comment.objects.filter(consultation=canonical).exclude(
        state=CommentState.REMOVED_BY_AUTHOR
    )
    if filters["theme"]:
        comments = comments.filter(theme_taggings__theme=filters["theme"])
    elif filters["untagged"]:
        comments = comments.filter(theme_taggings__isnull=True)
    paginator = Paginator(comments.order_by("created_at", "pk"), TAGGING_PAGE_SIZE)
    listed = paginator.get_page(request.GET.get("page"))
    on_page = list(
        listed.object_list.prefetch_related(
            Prefetch("theme_taggings", queryset=CommentTheme.objects.select_related("theme"))
        )
    )
    tagging_form = TaggingForm(
        request.POST if "tag" in request.POST else None,
        themes=queries.themes_of(canonical),
        comment_ids=[comment.pk for comment in on_page],
    )
    if request.method == "POST":
        response = _themes_post(request, canonical, theme_form, tagging_form)
        if response is not None:
            return response
    counts = queries.theme_counts(canonical)
    groups = queries.GROUPS
    context = {
        "page": page,
        "themes": [
            (
                theme,
                [counts[theme.pk].get(g.value, 0) for g in groups],
                sum(counts[theme.pk].values()),
            )
            for theme in theme_list
        ],
        "groups": groups,
        "theme_form": theme_form,
        "tagging_form": tagging_form,
        "comments": on_page,
        "listed": listed,
        "filters": filters,
        "contests": fates.contests_by_theme(theme_list),
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
        "may_suggest": permissions.can_decide_theme_suggestions(request.user, canonical),
    }
    return render(request, "outcomes/themes.html", context, status=400 if request.POST else 200)


def _tagging_filters(request: HttpRequest, theme_list: list[Theme]) -> dict:
    wanted = request.GET.get("theme", "")
    theme = next((t for t in theme_list if str(t.pk) == wanted), None)
    return {"theme": theme, "untagged": request.GET.get("untagged") == "1"}


def _themes_post(request, canonical, theme_form, tagging_form) -> HttpResponse | None:
    """Create a theme or (un)tag comments; None re-renders the page with the form's errors."""
    here = request.get_full_path()
    if "create_theme" in request.POST:
        if not theme_form.is_valid():
            return None
        try:
            theme = services.theme_create(
                consultation=canonical, name=theme_form.cleaned_data["name"]
            )
        except ValidationError as error:
            for message in error.messages:
                theme_form.add_error("name", message)
            return None
        messages.success(request, _("Theme “%(name)s” created.") % {"name": theme.name})
        return redirect(here)
    if "tag" in request.POST and tagging_form.is_valid():
        data = tagging_form.cleaned_data
        tagged = data["action"] == "tag"
        changed = services.comments_tag(
            theme=data["theme"], comment_ids=data["comments"], tagged=tagged
        )
        message = (
            ngettext(
                "%(count)d comment tagged “%(theme)s”.",
                "%(count)d comments tagged “%(theme)s”.",
                changed,
            )
            if tagged
            else ngettext(
                "%(count)d comment no longer tagged “%(theme)s”.",
                "%(count)d comments no longer tagged “%(theme)s”.",
                changed,
            )
        )
        messages.success(request, message % {"count": changed, "theme": data["theme"].name})
        return redirect(here)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def contest(request: HttpRequest, theme_id: int, comment_id: int) -> HttpResponse:
    """The author of a comment a published theme cites says the theme misrepresents their
    view, once. Anyone else finds nothing here."""
    try:
        theme, comment, citation = fates.citation_for(
            request, theme_id=theme_id, comment_id=comment_id
        )
    except Theme.DoesNotExist:
        raise Http404 from None
    readable_consultation_or_404(request, theme.consultation_id)
    form = ContestForm(request.POST if request.method == "POST" else None)
    context = {"theme": theme, "comment": comment, "citation": citation, "form": form}
    if citation.contested:
        if not form.is_bound:
            return render(request, "outcomes/contest.html", context)
        messages.error(request, citations.AlreadyContested(citation.contested_at).messages[0])
        return render(request, "outcomes/contest.html", context, status=409)
    if not form.is_bound:
        return render(request, "outcomes/contest.html", context)
    if form.is_valid():
        try:
            citations.citation_contest(
                author=request.user,
                theme=theme,
                comment=comment,
                statement=form.cleaned_data["statement"],
            )
        except citations.AlreadyContested as refusal:
            messages.error(request, refusal.messages[0])
            return render(request, "outcomes/contest.html", context, status=409)
        except RateLimited as error:
            form.add_error(
                None,
                _("You have contested too often. Try again in %(minutes)d minutes.")
                % {"minutes": max(1, error.retry_after // 60)},
            )
            return render(request, "outcomes/contest.html", context, status=429)
        except ValidationError as refusal:
            form.add_error("statement", refusal)
        else:
            messages.success(
                request,
                _("Thank you: the editors see that “%(theme)s” misrepresents your view.")
                % {"theme": citation.title},
            )
            return redirect(reverse("account_privacy") + "#contribution-fates")
    return render(request, "outcomes/contest.html", context, status=400)


@require_GET
def outcome_list(request: HttpRequest) -> HttpResponse:
    """The consultations whose outcome is published, each linking to its summary."""
    consultations = consultations_for_listing(
        locale=Locale.get_active(), status=ConsultationStatus.OUTCOME_PUBLISHED
    )
    page_obj = Paginator(consultations, LISTING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outcomes/outcome_list.html",
        {"consultations": page_obj.object_list, "page_obj": page_obj},
    )


@require_http_methods(["GET", "POST"])
def theme_suggestions(request: HttpRequest, page_id: int) -> HttpResponse:
    """Machine theme suggestions, which editors ask for and then accept, merge, split, rename
    or reject: nothing becomes a theme without one of them."""
    page = readable_consultation_or_404(request, page_id)
    canonical = canonical_consultation(page)
    if not permissions.can_decide_theme_suggestions(request.user, canonical):
        raise PermissionDenied
    choices = ThemeSuggestion.objects.filter(
        run__consultation=canonical, state=SuggestionState.OPEN
    ).select_related("run__consultation")
    form = SuggestionDecisionForm(request.POST or None, suggestions=choices)
    if request.method == "POST" and form.is_valid():
        try:
            message = _suggestion_decide(request.user, canonical, form.cleaned_data)
        except (NotAllowed, RateLimited, ValidationError) as refusal:
            messages.error(request, _refusal_text(refusal))
        else:
            messages.success(request, message)
        return redirect(request.path)
    context = {
        "page": page,
        "form": form,
        "refresh_seconds": SUGGESTIONS_REFRESH_SECONDS,
        **suggestion_queries.suggestions_page(canonical),
    }
    return render(
        request,
        "outcomes/theme_suggestions.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _refusal_text(refusal: Exception) -> str:
    if isinstance(refusal, RateLimited):
        return _("Too many requests. Try again in %(minutes)d minutes.") % {
            "minutes": max(1, refusal.retry_after // 60)
        }
    if isinstance(refusal, ValidationError):
        return " ".join(refusal.messages)
    return str(refusal)


def _suggestion_decide(user, canonical, data: dict) -> str:
    action, suggestion = data["action"], data["suggestion"]
    if action == "suggest":
        suggestion_services.theme_suggestions_request(consultation=canonical, user=user)
        return _("Suggestions are being computed. This page shows them when they are ready.")
    if action == "accept":
        theme = suggestion_services.suggestion_accept(
            suggestion=suggestion, user=user, name=data["name"]
        )
        return _("Theme “%(name)s” created from the suggestion.") % {"name": theme.name}
    if action == "reject":
        suggestion_services.suggestion_reject(suggestion=suggestion, user=user)
        return _("Suggestion rejected.")
    if action == "rename":
        suggestion_services.suggestion_rename(suggestion=suggestion, user=user, name=data["name"])
        return _("Suggestion renamed.")
    if action == "merge":
        suggestion_services.suggestion_merge(suggestion=suggestion, other=data["other"], user=user)
        return _("Suggestions merged.")
    suggestion_services.suggestion_split(suggestion=suggestion, user=user)
    return _("Suggestion split in two.")
