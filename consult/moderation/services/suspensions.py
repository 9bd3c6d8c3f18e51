"""Suspending a participant from writing anywhere on the site."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.core.errors import refuse
from consult.moderation import permissions
from consult.moderation.models import Action, ModerationDecision, Suspension, Trigger
from consult.moderation.services.decisions import check_note, check_rule, decide
from consult.moderation.services.notices import notify_author
from consult.realtime import publish


def participant_suspend(
    *,
    user: User,
    consultation: ConsultationPage,
    moderator: User,
    rule_code: str,
    until: datetime,
    public_note: str = "",
) -> ModerationDecision:
    """Stop a participant writing anywhere on the site until `until`."""
    if not permissions.can_moderate(moderator):
        refuse(permissions.NOT_A_MODERATOR)
    if user.pk == moderator.pk:
        refuse(_("You cannot suspend yourself."))
    check_rule(rule_code)
    note = check_note(public_note)
    if until <= timezone.now():
        refuse(_("Choose an end of the suspension in the future."))
    with transaction.atomic():
        decision = decide(
            consultation_id=consultation.pk,
            subject=user,
            action=Action.SUSPEND,
            rule_code=rule_code,
            trigger=Trigger.MODERATOR,
            moderator=moderator,
            public_note=note,
            state_before="active",
            state_after="suspended",
            suspended_until=until,
        )
        Suspension.objects.create(user=user, decision=decision, until=until)
        notify_author(decision, user)
        publish.moderation_changed(
            kind="suspended", consultation_id=consultation.pk, comment_id=None
        )
    return decision
