"""The latest opinion groups of each consultation, and each comment's common-ground score.

Both are derived data, rebuilt whole by `services.opinion_groups_compute` from the reactions;
neither names a participant (the result holds group sizes and counts, never user ids).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpinionGroups(models.Model):
    consultation = models.OneToOneField(
        "consultations.ConsultationPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    # consult.opinions.analysis.Analysis.summary(): groups, per-comment tallies, common
    # ground and divisive comment ids.
    result = models.JSONField()
    # How many reactions the result was computed from: the next one is due when enough
    # more have arrived (services.refresh_threshold).
    reaction_count = models.PositiveIntegerField()
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("opinion groups")
        verbose_name_plural = _("opinion groups")

    def __str__(self) -> str:
        return f"opinion groups of consultation {self.consultation_id}"


class CommentConsensus(models.Model):
    """How likely every opinion group is to agree with a comment, for the discussion's
    "common ground first" order (a join on the primary key, computed in the database)."""

    comment = models.OneToOneField(
        "discussion.Comment", on_delete=models.CASCADE, primary_key=True, related_name="consensus"
    )
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField()

    def __str__(self) -> str:
        return f"consensus {self.score:.3f} on comment {self.comment_id}"
