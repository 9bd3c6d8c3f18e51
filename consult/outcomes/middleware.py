"""Workflow approval and bulk publishing have no form to show why a summary may not go live:
their refusal (`SummaryIncomplete`, raised by `SummaryPage.publish` inside their transaction,
which undoes the approval or the whole bulk action) becomes messages on the summary's editor,
where it can be fixed, instead of a server error."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from wagtail.admin.modal_workflow import render_modal_workflow

from consult.outcomes.services import SummaryIncomplete


class SummaryIncompleteMiddleware(MiddlewareMixin):
    def process_exception(self, request, exception):
        if not isinstance(exception, SummaryIncomplete):
            return None
        for problem in exception.messages:
            messages.error(request, problem)
        editor = reverse("wagtailadmin_pages:edit", args=[exception.page_id])
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            # The workflow's modal follows a redirect it is given as JSON.
            return render_modal_workflow(
                request, "", None, {}, json_data={"step": "success", "redirect": editor}
            )
        return redirect(editor)
