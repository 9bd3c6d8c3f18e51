"""The My data page and its actions: consent, export, deletion. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.privacy import queries, services
from accounts.privacy.forms import AccountDeletionForm, ResearchConsentForm
from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT, retention_facts
from accounts.queries import profile_for


@login_required
@require_http_methods(["GET", "HEAD"])
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = profile_for(user)
    context = {
        "profile": profile,
        "held": queries.held_data_summary(user),
        "consent_form": ResearchConsentForm(initial={"research_consent": profile.research_consent}),
        "consent_history": queries.consent_history(user),
        "exports": queries.current_exports(user),
        "identity_accesses": queries.identity_accesses(user),
        "deletion": queries.scheduled_deletion(user),
        "retention": retention_facts(),
        "no_ai_training": NO_AI_TRAINING_STATEMENT,
    }
    return render(request, "accounts/privacy/my_data.html", context)


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    form = ResearchConsentForm(request.POST)
    form.is_valid()  # a missing checkbox is a valid "no"
    granted = form.cleaned_data.get("research_consent", False)
    services.research_consent_set(user=request.user, granted=granted)
    if granted:
        messages.success(request, _("Your contributions will be included in the open data."))
    else:
        messages.success(request, _("Your contributions are left out of the open data."))
    return redirect("account_privacy")


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    try:
        services.data_export_request(user=request.user)
    except services.ExportTooSoon:
        messages.warning(request, _("You asked for a copy a moment ago. Please wait a while."))
    else:
        messages.success(
            request, _("We are preparing your data. Reload this page in a moment to download it.")
        )
    return redirect("account_privacy")


@login_required
@require_http_methods(["GET", "HEAD"])
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = queries.downloadable_export(request.user, export_id)
    if export is None:
        raise Http404
    stamp = export.ready_at.strftime("%Y-%m-%d")
    response = FileResponse(
        storages["private"].open(export.file_name, "rb"),
        as_attachment=True,
        filename=f"consult-my-data-{stamp}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = AccountDeletionForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        deletion = services.account_deletion_schedule(
            user=request.user, mode=form.cleaned_data["mode"]
        )
        logout(request)
        messages.success(
            request,
            _(
                "Your account will be deleted on %(date)s. Until then you can change your mind: "
                "sign in and cancel the deletion on your My data page."
            )
            % {"date": formats.date_format(deletion.due_at, "DATE_FORMAT")},
        )
        return redirect("/")
    return render(
        request,
        "accounts/privacy/delete.html",
        {"form": form, "retention": retention_facts()},
    )


@login_required
@require_POST
def delete_cancel(request: HttpRequest) -> HttpResponse:
    if services.account_deletion_cancel(user=request.user):
        messages.success(request, _("The deletion of your account is cancelled."))
    return redirect("account_privacy")
