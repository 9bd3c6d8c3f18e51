"""When a consultation was last contributed to in its discussion (the admin refuses a closing
date before it, through consult.consultations.contributions)."""

from datetime import datetime

from django.db.models import Max

from consult.consultations.models import ConsultationPage
from consult.discussion.models import Comment, Position


def latest_contribution_at(consultation: ConsultationPage) -> datetime | None:
    """When the latest comment was posted or position last taken."""
    comments = Comment.objects.filter(consultation=consultation)
    positions = Position.objects.filter(consultation=consultation)
    times = [
        comments.aggregate(latest=Max("created_at"))["latest"],
        positions.aggregate(latest=Max("updated_at"))["latest"],
    ]
    return max((time for time in times if time is not None), default=None)
