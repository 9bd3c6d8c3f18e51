"""Every write to questionnaire responses.

Two transitions: saving a draft (no response or a draft -> draft) and submitting (any ->
submitted, again and again while the consultation is open). A submitted response is not
turned back into a draft: its answers stay counted until the participant submits new ones.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.privacy.models import DeletionMode
from accounts.queries import profile_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.ratelimit import rate_limit_consume
from consult.questionnaires.models import Response, ResponseState
from consult.questionnaires.permissions import Refusal, answer_refusal
from consult.questionnaires.questions import clean_answers, questions_for


class ResponseRefused(PermissionDenied):
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.label)
        self.refusal = refusal


def response_save_draft(
    *, user: User, consultation: ConsultationPage, answers: Mapping[str, object]
) -> Response:
    """Keep partial answers; only what is given is checked, nothing is required."""
    return _response_write(user=user, consultation=consultation, answers=answers, submit=False)


def response_submit(
    *, user: User, consultation: ConsultationPage, answers: Mapping[str, object]
) -> Response:
    """Record complete answers (required questions answered), replacing any earlier ones."""
    return _response_write(user=user, consultation=consultation, answers=answers, submit=True)


def _response_write(
    *, user: User, consultation: ConsultationPage, answers: Mapping[str, object], submit: bool
) -> Response:
    canonical = canonical_consultation(consultation)
    refusal = answer_refusal(user, canonical)
    if refusal is not None:
        raise ResponseRefused(refusal)
    rate_limit_consume(action="response", key=str(user.pk))
    cleaned = clean_answers(questions_for(canonical), answers, complete=submit)
    profile = profile_for(user)
    with transaction.atomic():
        response, _created = Response.objects.get_or_create(
            consultation=canonical,
            user=user,
            defaults={"stakeholder_group": profile.stakeholder_group},
        )
        # Two tabs saving at once: one waits for the other rather than both reading stale state.
        response = Response.objects.select_for_update().get(pk=response.pk)
        if response.is_submitted and not submit:
            raise ValidationError(
                _("You have already submitted your answers; submit them again to change them."),
                code="submitted",
            )
        now = timezone.now()
        response.answers = cleaned
        response.stakeholder_group = profile.stakeholder_group
        response.organisation = profile.organisation
        response.updated_at = now
        if submit:
            response.state = ResponseState.SUBMITTED
            response.submitted_at = now
        response.full_clean()
        response.save()
    return response


def responses_anonymise_after_outcome(*, now: datetime) -> int:
    """Retention: answers to consultations whose outcome was published more than
    CONSULT_RETENTION_AFTER_OUTCOME_DAYS before `now` stay, counted under the stakeholder
    group they were given with, without who gave them. Returns the rows changed."""
    cutoff = now - timedelta(days=settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS)
    due = ConsultationPage.objects.filter(outcome_published_at__lte=cutoff).values("pk")
    return (
        Response.objects.filter(consultation__in=due)
        .exclude(user__isnull=True, organisation="")
        .update(user=None, organisation="")
    )


def responses_erase_for_user(*, user: User, mode: str) -> None:
    """A leaving participant's answers (accounts.privacy calls this when an account is
    deleted): kept without who gave them, or deleted, as `mode` says."""
    responses = Response.objects.filter(user=user)
    if mode == DeletionMode.ANONYMISE:
        responses.update(user=None, organisation="")
    else:
        responses.delete()
