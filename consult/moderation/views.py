"""The moderators' queue and the appeals they review, at /moderation/.

Only moderators with MFA on get in (accounts.middleware sends staff without MFA to set it
up; `moderator_required` refuses everyone else). Views parse, call a service per comment,
and render; the queue's reads are in queries.py.
"""

from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from consult.consultations.access import readable_consultations
from consult.core.errors import NotAllowed
from consult.core.params import int_or
from consult.discussion.models import Comment
from consult.moderation import permissions
from consult.moderation.forms import AppealDecisionForm, QueueActionForm, QueueFilterForm
from consult.moderation.queries import appeals_to_review, queue_consultations, queue_page
from consult.moderation.reasons import rule_texts, statement_for
from consult.moderation.services.appeals import appeal_decide as decide_appeal
from consult.moderation.services.campaigns import campaign_mark
from consult.moderation.services.comments import comment_approve, comment_hide, comment_restore
from consult.moderation.services.flags import flags_dismiss
from consult.moderation.services.locks import thread_lock, thread_unlock
from consult.moderation.services.suspensions import participant_suspend


def moderator_required(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_moderate(request.user):
            raise PermissionDenied(permissions.NOT_A_MODERATOR)
        return view(request, *args, **kwargs)

    return wrapped


def _readable(request: HttpRequest):
    """The consultations a moderator acts on: those the read gate lets them see."""
    return readable_consultations(request, drafts=True)


def _filters(params, readable) -> tuple[QueueFilterForm, dict]:
    # Its own ids: the action bar has a "rule" field too.
    form = QueueFilterForm(params, consultations=queue_consultations(readable), auto_id="filter-%s")
    values = form.cleaned_data if form.is_valid() else {}
    automated = values.get("automated")
    return form, {
        "status": "hidden" if params.get("status") == "hidden" else "pending",
        "consultation": values.get("consultation"),
        "rule": values.get("rule") or None,
        "automated": {"yes": True, "no": False}.get(automated),
        "age": values.get("age") or None,
    }


def _render_queue(request, *, action_form=None, status=200) -> HttpResponse:
    # A rejected action re-renders the queue it was posted from.
    params = request.GET if request.method == "GET" else QueryDict(request.POST.get("query", ""))
    readable = _readable(request)
    filter_form, filters = _filters(params, readable)
    page = queue_page(
        moderator=request.user, readable=readable, page=int_or(params.get("page"), 1), **filters
    )
    form = action_form or QueueActionForm()
    ticked = set(form.data.getlist("comments")) if form.is_bound else set()
    for item in page.items:
        item.ticked = str(item.comment.pk) in ticked
    query = {key: value for key, value in params.items() if key in filter_form.fields and value}
    if filters["status"] == "hidden":
        query["status"] = "hidden"
    return render(
        request,
        "moderation/queue.html",
        {
            "queue": page,
            "filter_form": filter_form,
            "action_form": form,
            "status": filters["status"],
            "query": urlencode(query),
            "query_fields": query,
            "appeals_waiting": page.appeals_waiting,
        },
        status=status,
    )


@require_GET
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    return _render_queue(request)


def _apply(action: str, comments: list[Comment], *, moderator, data) -> tuple[int, list[str]]:
    """Run `action` on each comment; (how many it changed, the refusals)."""
    rule, note = data["rule"], data["public_note"]
    refusals: list[str] = []
    if action == "campaign":
        try:
            campaign_mark(comments=comments, moderator=moderator, rule_code=rule, public_note=note)
        except NotAllowed as refusal:
            return 0, [refusal.message]
        return len(comments), []
    if action == "suspend":
        authors = {comment.author_id: comment for comment in comments if comment.author_id}
        until = timezone.now() + timedelta(days=data["suspend_days"])
        done = 0
        for comment in authors.values():
            try:
                if comment.author_id == moderator.pk:
                    raise NotAllowed(str(permissions.OWN_COMMENT))
                participant_suspend(
                    user=comment.author,
                    consultation=comment.consultation,
                    moderator=moderator,
                    rule_code=rule,
                    until=until,
                    public_note=note,
                )
                done += 1
            except NotAllowed as refusal:
                refusals.append(refusal.message)
        return done, refusals
    calls = {
        "approve": lambda c: comment_approve(
            comment=c, moderator=moderator, public_note=note, rule_code=rule
        ),
        "hide": lambda c: comment_hide(
            comment=c, moderator=moderator, rule_code=rule, public_note=note
        ),
        "restore": lambda c: comment_restore(
            comment=c, moderator=moderator, rule_code=rule, public_note=note
        ),
        "dismiss": lambda c: flags_dismiss(comment=c, moderator=moderator, rule_code=rule),
        "lock": lambda c: thread_lock(
            comment=c, moderator=moderator, rule_code=rule, public_note=note
        ),
        "unlock": lambda c: thread_unlock(
            comment=c, moderator=moderator, rule_code=rule, public_note=note
        ),
    }
    done = 0
    for comment in comments:
        try:
            calls[action](comment)
            done += 1
        except NotAllowed as refusal:
            refusals.append(
                _("Comment %(id)s: %(reason)s") % {"id": comment.pk, "reason": refusal.message}
            )
    return done, refusals


@require_POST
@moderator_required
def queue_act(request: HttpRequest) -> HttpResponse:
    """Apply one action, with its rule and public note, to every ticked comment."""
    return _act(request, request.POST)


@require_POST
@moderator_required
def queue_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """One click beside one comment: the same action, checks and messages as ticking it alone
    (a refused decision re-renders the queue with that comment ticked and the action chosen)."""
    data = request.POST.copy()
    data.setlist("comments", [str(pk)])
    return _act(request, data)


def _act(request: HttpRequest, data: QueryDict) -> HttpResponse:
    posted = [pk for pk in map(int_or, data.getlist("comments")) if pk is not None]
    comments = list(
        Comment.objects.filter(pk__in=posted, consultation__in=_readable(request).values("pk"))
        .select_related("author__profile", "consultation")
        .order_by("pk")
    )
    form = QueueActionForm(data, comment_ids=[c.pk for c in comments])
    if not form.is_valid():
        return _render_queue(request, action_form=form, status=400)
    done, refusals = _apply(
        form.cleaned_data["action"], comments, moderator=request.user, data=form.cleaned_data
    )
    if done:
        messages.success(
            request,
            ngettext("Done for %(count)d comment.", "Done for %(count)d comments.", done)
            % {"count": done},
        )
    for refusal in refusals:
        messages.error(request, refusal)
    query = request.POST.get("query", "")
    return redirect(reverse("moderation:queue") + (f"?{query}" if query else ""))


def _render_appeals(request, *, bound=None, status=200) -> HttpResponse:
    appeals = list(
        appeals_to_review(request.user, _readable(request))
        .select_related("decision__comment__author__profile", "decision__consultation")
        .order_by("created_at", "pk")
    )
    rules = rule_texts()
    rows = [
        {
            "appeal": appeal,
            "statement": statement_for(appeal.decision, rules=rules),
            "form": bound[1] if bound and bound[0] == appeal.pk else AppealDecisionForm(),
        }
        for appeal in appeals
    ]
    return render(request, "moderation/appeals.html", {"rows": rows}, status=status)


@require_GET
@moderator_required
def appeals(request: HttpRequest) -> HttpResponse:
    return _render_appeals(request)


@require_POST
@moderator_required
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(appeals_to_review(request.user, _readable(request)), pk=pk)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            decide_appeal(
                appeal=appeal,
                reviewer=request.user,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
            )
        except NotAllowed as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The appeal is decided and the appellant told."))
            return redirect("moderation:appeals")
    return _render_appeals(request, bound=(appeal.pk, form), status=400)
