"""Coordinated campaigns as the discussion shows them: one group with its size."""

from django.db.models import Count

from consult.discussion.models import Comment, CommentState


def campaign_sizes(campaign_ids) -> dict[int, int]:
    """How many shown comments each campaign has, in one query, for pages that show a
    campaign's comments as one group with its size."""
    ids = [pk for pk in set(campaign_ids) if pk is not None]
    if not ids:
        return {}
    rows = (
        Comment.objects.filter(campaign_id__in=ids, state=CommentState.VISIBLE)
        .values_list("campaign_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)
