from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from consult.consultations.contributions import LATEST_CONTRIBUTION_HOOK
from consult.consultations.models import ConsultationPage
from consult.consultations.models.pages import PAGE_CONTEXT_HOOK
from consult.questionnaires.queries import (
    latest_submission_at,
    questionnaire_context,
    responses_for,
)

hooks.register(PAGE_CONTEXT_HOOK, questionnaire_context)
hooks.register(LATEST_CONTRIBUTION_HOOK, latest_submission_at)


@hooks.register("before_edit_page")
def warn_before_editing_answered_questions(request, page):
    """Rewording a question or its choices changes what the answers already given mean; the
    editor is told before changing anything. On opening the editor only: a save redirects
    back here, and the warning would repeat."""
    if request.method != "GET" or not isinstance(page.specific_deferred, ConsultationPage):
        return None
    answered = responses_for(page.specific).count()
    if not answered:
        return None
    messages.warning(
        request,
        ngettext(
            "%(count)d participant has already answered the questions.",
            "%(count)d participants have already answered the questions.",
            answered,
        )
        % {"count": answered}
        + " "
        + _(
            "Changing a question's wording or its choices changes what those answers mean: "
            "add a new question rather than reword one, and do not reorder or remove choices."
        ),
    )
    return None
