"""A participant's answers to a consultation's questions.

One response per participant and consultation, always on the canonical (default-language)
page, so English and French readers fill in the same response. Answers are a JSON object keyed
by the question block's stable id (`block.id`); choices are stored as their index in the
canonical page's list, which the translated page's list mirrors, so a label is read from
whichever page the reader is on.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup


class ResponseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    # Nullable so that deleting an account can keep its answers anonymised (issue 7
    # chooses per account whether they are kept or deleted).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="questionnaire_responses",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=ResponseState.choices, default=ResponseState.DRAFT
    )
    # Who the participant said they were when they last wrote, not who they are now.
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("questionnaire response")
        verbose_name_plural = _("questionnaire responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="questionnaires_one_response_per_user"
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=ResponseState.DRAFT, submitted_at__isnull=True)
                    | Q(state=ResponseState.SUBMITTED, submitted_at__isnull=False)
                ),
                name="questionnaires_submitted_at_matches_state",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} response to {self.consultation_id} by {self.user_id}"

    @property
    def is_submitted(self) -> bool:
        return self.state == ResponseState.SUBMITTED
