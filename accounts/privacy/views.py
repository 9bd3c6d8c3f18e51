"""The My data page and its actions: consent, export, deletion. Thin: parse, call, render."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.privacy import queries, services
from accounts.privacy.forms import (
    CONSENT_PURPOSES,
    AccountDeletionForm,
    ConsentForm,
    ConsentWithdrawForm,
)
from accounts.privacy.models import ConsentPurpose, ExportState
from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT, retention_facts
from accounts.privacy.sections import sections_for
from accounts.queries import profile_for


@login_required
@require_http_methods(["GET", "HEAD"])
def my_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    profile = profile_for(user)
    context = {
        "profile": profile,
        "held": queries.held_data_summary(user),
        "consent_form": ConsentForm(
            initial={field: getattr(profile, field) for field in CONSENT_PURPOSES}
        ),
        "purposes": ConsentPurpose,
        "consent_history": queries.consent_history(user),
        "exports": queries.current_exports(user),
        "identity_accesses": queries.identity_accesses(user),
        "deletion": queries.scheduled_deletion(user),
        "retention": retention_facts(),
        "no_ai_training": NO_AI_TRAINING_STATEMENT,
        "sections": sections_for(request),
    }
    return render(request, "accounts/privacy/my_data.html", context)


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    form = ConsentForm(request.POST)
    form.is_valid()  # a missing checkbox is a valid "no"
    for field, purpose in CONSENT_PURPOSES.items():
        services.consent_set(
            user=request.user, purpose=purpose, granted=form.cleaned_data.get(field, False)
        )
    messages.success(
        request, _("Your choices are saved. They apply to what you contribute from now on.")
    )
    return redirect("account_privacy")


@login_required
@require_POST
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """Take one use away from everything the participant has contributed, at once."""
    form = ConsentWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose which use to withdraw."))
        return redirect("account_privacy")
    purpose = form.cleaned_data["purpose"]
    changed = services.contributions_consent_withdraw(user=request.user, purpose=purpose)
    if purpose == ConsentPurpose.RESEARCH:
        done = ngettext(
            "%(count)d contribution is now left out of the open research data, and so will "
            "your next ones be.",
            "%(count)d contributions are now left out of the open research data, and so will "
            "your next ones be.",
            changed,
        )
    else:
        done = ngettext(
            "%(count)d contribution is now left out of automated analysis, and so will your "
            "next ones be.",
            "%(count)d contributions are now left out of automated analysis, and so will your "
            "next ones be.",
            changed,
        )
    messages.success(request, done % {"count": changed})
    return redirect("account_privacy")


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    try:
        export = services.data_export_request(user=request.user)
    except services.ExportTooSoon:
        messages.warning(request, _("You asked for a copy a moment ago. Please wait a while."))
    else:
        # Built already when tasks run at once (development): then say so, not "reload".
        export.refresh_from_db(fields=["state"])
        if export.state == ExportState.READY:
            messages.success(request, _("Your data is ready: download it below."))
        else:
            messages.success(
                request,
                _("We are preparing your data. Reload this page in a moment to download it."),
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
