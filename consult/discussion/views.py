"""Thin views for the discussion: parse, call a service, answer.

Every form posts here with or without JavaScript. Without it, success redirects back to the
comment on its page with a message, and a refusal re-renders the form with what was typed.
With it (a request that accepts JSON), the same view answers with the server-rendered
fragment to put in place.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.queries import profile_for
from consult.consultations.access import (
    readable_consultation_or_404,
    readable_or_404,
    translation_or_404,
)
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.errors import NotAllowed
from consult.core.params import int_or
from consult.core.ratelimit import RateLimited
from consult.core.viewer import viewer_for
from consult.discussion import permissions, queries, services
from consult.discussion.forms import (
    WITHDRAW,
    CommentBodyForm,
    CommentForm,
    PositionForm,
    ReactionForm,
)
from consult.discussion.models import Comment, CommentState
from consult.discussion.presentation import position_own_html


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _rate_limited_message(error: RateLimited) -> str:
    if error.retry_after >= 120:
        minutes = -(-error.retry_after // 60)
        wait = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    else:
        wait = ngettext("%(n)d second", "%(n)d seconds", error.retry_after) % {
            "n": error.retry_after
        }
    return _("You are doing that too often. Please wait %(wait)s and try again.") % {"wait": wait}


def _comment(request: HttpRequest, pk: int) -> Comment:
    """The comment `pk` when the reader may see it and its consultation, else Http404."""
    # The author too: every answer that shows the comment names them.
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "author__profile"), pk=pk
    )
    # A comment belongs to its consultation's source page.
    readable_or_404(request, comment.consultation, source=True)
    if not permissions.can_see_comment(request.user, comment):
        raise Http404
    return comment


def _page_for(comment: Comment, request: HttpRequest) -> ConsultationPage:
    """The comment's consultation, which the reader may see (asked with the comment), in
    the reader's language."""
    return translation_or_404(request, comment.consultation)


def comment_url(request: HttpRequest, page: ConsultationPage, comment: Comment) -> str:
    number = queries.thread_page_number(comment)
    query = f"?page={number}" if number > 1 else ""
    return f"{page.get_url(request)}{query}#comment-{comment.pk}"


def _apply_error(form, error: Exception) -> int:
    """Put a service's refusal on the form; returns the HTTP status that goes with it."""
    if isinstance(error, RateLimited):
        form.add_error(None, _rate_limited_message(error))
        return 429
    if isinstance(error, NotAllowed):
        form.add_error(None, error.message)
        return 403
    form.add_error(None, error) if not hasattr(error, "error_dict") else _add_dict(form, error)
    return 400


def _add_dict(form, error: ValidationError) -> None:
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _comment_fragment(request, comment: Comment, page: ConsultationPage) -> str:
    (view,) = queries.comment_views(
        [comment], viewer=request.user, consultation=comment.consultation
    )
    return render_to_string("discussion/comment.html", {"comment": view, "page": page}, request)


@require_http_methods(["GET", "POST"])
def comment_compose(request: HttpRequest, page_id: int) -> HttpResponse:
    """Post a comment or a reply. GET shows the form alone (replying without JavaScript)."""
    page = readable_consultation_or_404(request, page_id)
    if not request.user.is_authenticated:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": _("Sign in to take part.")}, status=403)
        return redirect_to_login(request.get_full_path())
    consultation = canonical_consultation(page)
    profile = profile_for(request.user)
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        initial={
            "display_mode": queries.display_mode_for(request.user, consultation),
            "parent": request.GET.get("parent"),
            "research_use": profile.research_consent,
            "automated_analysis": profile.automated_analysis_consent,
        },
        name=profile.display_name,
        pseudonym=profile.pseudonym,
    )
    parent = None
    raw_parent = form.data.get("parent") or request.GET.get("parent")
    if raw_parent:
        parent = Comment.objects.filter(pk=int_or(raw_parent, 0), consultation=consultation).first()
        # A held comment exists only for its author and the moderators, here as on the page.
        if parent is None or not permissions.can_see_comment(request.user, parent):
            raise Http404
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            comment = services.comment_create(
                consultation=consultation,
                author=request.user,
                body=form.cleaned_data["body"],
                display_mode=form.cleaned_data["display_mode"],
                parent=parent,
                research_use=form.cleaned_data["research_use"],
                automated_analysis=form.cleaned_data["automated_analysis"],
            )
        except (NotAllowed, RateLimited, ValidationError) as error:
            status = _apply_error(form, error)
        else:
            # The pre-screen or the consultation's pre-moderation may have held it.
            held = comment.state == CommentState.HELD
            if held:
                message = _(
                    "Your comment is waiting for review: a moderator reads it before it is "
                    "published. Until then only you and the moderators can see it."
                )
            else:
                message = _("Your comment is published.")
            if _wants_json(request):
                html = _comment_fragment(request, comment, page)
                return JsonResponse(
                    {
                        "ok": True,
                        "id": comment.pk,
                        "parent": comment.parent_id,
                        "held": held,
                        "message": message,
                        "html": html,
                    },
                    status=201,
                )
            messages.success(request, message)
            return redirect(comment_url(request, page, comment))
    elif request.method == "POST":
        status = 400
    context = {"form": form, "page": page, "parent": parent}
    if parent is not None:
        (context["parent_view"],) = queries.comment_views(
            [parent], viewer=request.user, consultation=consultation
        )
    if _wants_json(request):
        html = render_to_string("discussion/comment_form.html", context, request)
        return JsonResponse({"ok": False, "html": html}, status=status)
    return render(request, "discussion/compose.html", context, status=status)


@require_GET
def comment_permalink(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    return redirect(comment_url(request, _page_for(comment, request), comment))


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The author edits their comment: a page of its own without JavaScript; with it, the
    form and then the new text come as fragments to put in place."""
    comment = _comment(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = _page_for(comment, request)
    refusal = permissions.edit_refusal(request.user, comment, comment.consultation)
    form = CommentBodyForm(
        request.POST if request.method == "POST" else None,
        initial={"body": comment.body_source},
        auto_id=f"edit-{comment.pk}-%s",
    )
    status = 403 if refusal else 200
    if refusal is None and request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                edited = services.comment_edit(
                    comment=comment, author=request.user, body=form.cleaned_data["body"]
                )
            except (NotAllowed, RateLimited, ValidationError) as error:
                status = _apply_error(form, error)
            else:
                done = _("Your comment is updated.")
                if _wants_json(request):
                    body = render_to_string("discussion/comment_body.html", {"comment": edited})
                    return JsonResponse(
                        {"ok": True, "html": body, "message": done, "edited": _("edited")}
                    )
                messages.success(request, done)
                return redirect(comment_url(request, page, comment))
    context = {
        "form": form,
        "page": page,
        "comment": comment,
        "refusal": refusal,
        "edit_deadline": permissions.edit_deadline(comment),
    }
    if _wants_json(request):
        if refusal:
            return JsonResponse({"ok": False, "error": str(refusal)}, status=status)
        html = render_to_string("discussion/edit_form.html", context, request)
        return JsonResponse({"ok": request.method == "GET", "html": html}, status=status)
    return render(request, "discussion/edit.html", context, status=status)


@require_POST
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    page = _page_for(comment, request)
    try:
        services.comment_delete(comment=comment, author=request.user)
    except NotAllowed as error:
        messages.error(request, error.message)
        return redirect(page.get_url(request) + "#discussion", status=303)
    except RateLimited as error:
        messages.error(request, _rate_limited_message(error))
        return redirect(page.get_url(request) + "#discussion", status=303)
    messages.success(request, _("Your comment is removed."))
    return redirect(page.get_url(request) + "#discussion")


@require_POST
def reaction_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree, disagree or pass; posting "withdraw" (the chosen button) takes it back."""
    viewer = viewer_for(request)
    participant = viewer if viewer.is_authenticated else None
    comment = queries.reaction_target(pk, participant=participant)
    if comment is None or not permissions.can_see_comment(viewer, comment):
        raise Http404
    readable_or_404(
        request, comment.consultation, restricted=comment.consultation_restricted, source=True
    )
    if participant is None:
        if _wants_json(request):
            return JsonResponse({"ok": False, "error": _("Sign in to take part.")}, status=403)
        return redirect_to_login(_page_for(comment, request).get_url(request))
    form = ReactionForm(request.POST)
    status, error_message, done = 200, None, None
    # The viewer's reaction, as read with the comment, until this request changes it.
    now_reacted = comment.participant_reaction
    if not form.is_valid():
        status, error_message = 400, _("Choose agree, disagree or pass.")
    else:
        value = form.cleaned_data["value"]
        try:
            if value == WITHDRAW:
                services.reaction_withdraw(comment=comment, user=participant)
                now_reacted, done = None, _("Your reaction is withdrawn.")
            else:
                services.reaction_set(comment=comment, user=participant, value=value)
                now_reacted, done = value, _("Your reaction is recorded.")
        except RateLimited as error:
            status, error_message = 429, _rate_limited_message(error)
        except NotAllowed as error:
            status, error_message = 403, error.message
    if _wants_json(request):
        view = queries.reactions_view(comment, viewer=participant, viewer_reaction=now_reacted)
        html = render_to_string("discussion/reactions.html", {"comment": view}, request)
        return JsonResponse(
            {"ok": status == 200, "html": html, "error": error_message, "message": done},
            status=status,
        )
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(request, done)
    return redirect(comment_url(request, _page_for(comment, request), comment))


@require_http_methods(["GET", "POST"])
def position_set(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    consultation = canonical_consultation(page)
    current = queries.own_position(request.user, consultation)
    initial = {"stance": current.stance, "reason": current.reason} if current else {}
    form = PositionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        auto_id="position-%s",
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.position_set(
                    consultation=consultation, user=request.user, **form.cleaned_data
                )
            except (NotAllowed, RateLimited, ValidationError) as error:
                status = _apply_error(form, error)
            else:
                if _wants_json(request):
                    html = _position_fragment(request, page)
                    return JsonResponse({"ok": True, "html": html})
                messages.success(request, _("Your position is recorded."))
                return redirect(page.get_url(request) + "#position")
    context = {"form": form, "page": page}
    if _wants_json(request):
        html = render_to_string("discussion/position_form.html", context, request)
        return JsonResponse({"ok": False, "html": html}, status=status)
    return render(request, "discussion/position_page.html", context, status=status)


@require_POST
def position_withdraw(request: HttpRequest, page_id: int) -> HttpResponse:
    page = readable_consultation_or_404(request, page_id)
    if not request.user.is_authenticated:
        return redirect_to_login(page.get_url(request))
    status, error_message = 200, None
    try:
        services.position_withdraw(consultation=page, user=request.user)
    except RateLimited as error:
        status, error_message = 429, _rate_limited_message(error)
    except NotAllowed as error:
        status, error_message = 403, error.message
    done = _("Your position is withdrawn.")
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": status == 200,
                "html": _position_fragment(request, page),
                "error": error_message,
                "message": None if error_message else done,
            },
            status=status,
        )
    if error_message:
        messages.error(request, error_message)
    else:
        messages.success(request, done)
    return redirect(page.get_url(request) + "#position")


def _position_fragment(request: HttpRequest, page: ConsultationPage) -> str:
    panel = queries.position_panel(page=page, viewer=viewer_for(request))
    context = {
        "position": panel,
        "page": page,
        "position_own_html": position_own_html(request, page, panel),
    }
    return render_to_string("discussion/position.html", context, request)
