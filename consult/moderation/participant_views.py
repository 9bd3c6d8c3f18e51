"""Moderation as participants meet it: reporting a comment, and appealing a decision that
concerns them. Both work as plain forms; the services decide and refuse. The report is
also made in place from the discussion (static/js/discussion.js): the same view answers a
request that accepts JSON with fragments instead of pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from consult.consultations.access import readable_or_404, translation_or_404
from consult.core.errors import NotAllowed
from consult.core.ratelimit import RateLimited
from consult.discussion.models import Comment, CommentState
from consult.discussion.queries import comment_views
from consult.moderation.models import Flag, ModerationDecision
from consult.moderation.participant_forms import AppealForm, FlagForm
from consult.moderation.reasons import statement_for
from consult.moderation.services.appeals import appeal_file, appeal_refusal
from consult.moderation.services.flags import flag_create
from consult.moderation.services.notices import APPEAL_WINDOW


def _wait_message(error: RateLimited) -> str:
    minutes = max(1, -(-error.retry_after // 60))
    return ngettext(
        "You have sent many reports in a short time. Please wait %(n)d minute and try again.",
        "You have sent many reports in a short time. Please wait %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


def _in_place(request: HttpRequest) -> bool:
    """The discussion's script asks for JSON: the answer is a fragment to put in place."""
    return "application/json" in request.headers.get("Accept", "")


@require_http_methods(["GET", "POST"])
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a comment to the moderators, citing a house rule: a page of its own without
    JavaScript; with it, the form and then the comment's "reported" mark come as fragments."""
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "author__profile"),
        pk=pk,
        state=CommentState.VISIBLE,
    )
    page = translation_or_404(request, readable_or_404(request, comment.consultation, source=True))
    in_place = _in_place(request)
    if not request.user.is_authenticated:
        if in_place:
            return JsonResponse({"ok": False, "error": _("Sign in to take part.")}, status=403)
        return redirect_to_login(request.get_full_path())
    already = Flag.objects.filter(comment=comment, flagger=request.user).first()
    if in_place and already and request.method == "GET":
        # Reported meanwhile (another tab): the comment shows it instead of a form.
        return JsonResponse({"ok": False, "reported": _reported_mark(request)}, status=409)
    # The page shows the earlier report instead of what was sent; in place, the form keeps
    # what was typed and the service's refusal says why.
    bind = request.method == "POST" and (in_place or not already)
    form = FlagForm(request.POST if bind else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                flag_create(
                    comment=comment,
                    flagger=request.user,
                    rule_code=form.cleaned_data["rule_code"],
                    note=form.cleaned_data["note"],
                )
            except RateLimited as error:
                form.add_error(None, _wait_message(error))
                status = 429
            except NotAllowed as error:
                form.add_error(None, error.message)
                status = 403
            else:
                done = _(
                    "Thank you: your report is with the moderators. Your notifications "
                    "will tell you what they decide."
                )
                if in_place:
                    return JsonResponse(
                        {"ok": True, "reported": _reported_mark(request), "message": done}
                    )
                messages.success(request, done)
                return redirect("discussion_comment", pk=comment.pk)
    if in_place:
        html = render_to_string(
            "moderation/flag_form.html", {"form": form, "comment": comment}, request
        )
        return JsonResponse({"ok": status == 200, "html": html}, status=status)
    (view,) = comment_views([comment], viewer=request.user, consultation=comment.consultation)
    context = {"form": form, "comment": view, "page": page, "already": already}
    return render(request, "moderation/flag.html", context, status=status)


def _reported_mark(request: HttpRequest) -> str:
    return render_to_string("discussion/comment_reported.html", request=request)


@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, decision_id: int) -> HttpResponse:
    """The person a decision concerns reads why, appeals within the window, and later sees
    the outcome here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    decision = get_object_or_404(
        ModerationDecision.objects.select_related("appeal", "comment", "consultation"),
        pk=decision_id,
    )
    filed = getattr(decision, "appeal", None)
    if filed is not None and filed.appellant_id != request.user.pk:
        raise Http404
    # Once filed, the page shows the appeal's status; before, whether one may be filed.
    refusal = appeal_refusal(decision, request.user) if filed is None else None
    form = AppealForm(request.POST if request.method == "POST" and filed is None else None)
    status = 403 if refusal else 200
    if refusal is None and filed is None and form.is_bound:
        status = 400
        if form.is_valid():
            try:
                appeal_file(
                    decision=decision,
                    appellant=request.user,
                    statement=form.cleaned_data["statement"],
                )
            except NotAllowed as error:
                form.add_error(None, error.message)
                status = 403
            else:
                messages.success(
                    request,
                    _(
                        "Your appeal is filed. A moderator who did not take the decision "
                        "will review it."
                    ),
                )
                return redirect("moderation:appeal", decision_id=decision.pk)
    own_comment = (
        decision.comment
        if decision.comment_id and decision.comment.author_id == request.user.pk
        else None
    )
    context = {
        "decision": decision,
        "statement": statement_for(decision),
        "appeal": filed,
        "form": form,
        "refusal": refusal,
        "own_comment": own_comment,
        "deadline": decision.created_at + APPEAL_WINDOW,
        "statement_url": reverse("transparency_decision", args=[decision.pk]),
    }
    return render(request, "moderation/appeal.html", context, status=status)
