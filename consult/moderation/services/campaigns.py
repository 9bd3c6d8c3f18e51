"""Coordinated campaigns: comments grouped by a moderator or by the pre-screen."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from consult.core.errors import refuse, refuse_if
from consult.discussion.models import Comment, CommentState
from consult.moderation import permissions
from consult.moderation.models import Action, Campaign, ModerationDecision, Trigger
from consult.moderation.services.decisions import (
    Screening,
    check_note,
    check_rule,
    decide,
    hold,
    read_locked,
)
from consult.realtime import publish


def campaign_attach(
    *, comments: list[Comment], campaign: Campaign | None = None, automated: bool = False
) -> Campaign:
    """Group comments as one campaign (the pre-screen's grouping; no decision by itself)."""
    first = comments[0]
    if campaign is None:
        campaign = Campaign.objects.create(
            consultation_id=first.consultation_id, automated=automated
        )
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(campaign=campaign)
    for comment in comments:
        comment.campaign = campaign
    # The page shows a campaign as one group, with its size.
    publish.page_changed(consultation=first.consultation)
    return campaign


def campaign_mark(*, comments, moderator: User, rule_code: str, public_note: str = "") -> Campaign:
    """Mark comments as one coordinated campaign: they stay visible, shown as one group
    with its size, and are counted beside individual submissions."""
    check_rule(rule_code)
    note = check_note(public_note)
    comments = list(comments)
    if len(comments) < 2:
        refuse(_("Choose at least two comments to mark as one campaign."))
    if len({c.consultation_id for c in comments}) > 1:
        refuse(_("A campaign groups comments of one consultation."))
    for comment in comments:
        refuse_if(permissions.moderation_refusal(moderator, comment))
    with transaction.atomic():
        rows = list(
            Comment.objects.select_for_update()
            .filter(pk__in=[c.pk for c in comments])
            .order_by("pk")
        )
        campaign = campaign_attach(comments=rows)
        for comment in rows:
            decide(
                consultation_id=comment.consultation_id,
                comment=comment,
                action=Action.CAMPAIGN,
                rule_code=rule_code,
                trigger=Trigger.MODERATOR,
                moderator=moderator,
                public_note=note,
                state_before=comment.state,
                state_after=comment.state,
            )
        publish.moderation_changed(
            kind="campaign", consultation_id=rows[0].consultation_id, comment_id=None
        )
    return campaign


def comment_hold_automated(*, comment: Comment, screening: Screening) -> ModerationDecision | None:
    """The pre-screen holds a comment that was already shown (a campaign found later)."""
    with transaction.atomic():
        locked = read_locked(comment)
        if locked.state != CommentState.VISIBLE:
            return None
        return hold(locked, screening=screening)
