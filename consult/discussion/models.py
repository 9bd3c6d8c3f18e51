"""Taking part in a consultation: comments and their revisions, positions, reactions, and
each participant's choice of name or pseudonym.

Every row points at the canonical consultation page (see
`consult.consultations.queries.canonical_consultation`), so English and French readers share
one discussion. Each contribution snapshots who its author was when posting (stakeholder
group, organisation, name or pseudonym): later profile changes do not rewrite history.
Writes go through `consult.discussion.services`; nothing here has side effects.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import StakeholderGroup


class DisplayMode(models.TextChoices):
    NAMED = "named", _("Under my name")
    PSEUDONYM = "pseudonym", _("Under my pseudonym")


class CommentState(models.TextChoices):
    """One field for a comment's state; consult.moderation.services moves it between
    held, visible and hidden, always with a ModerationDecision."""

    VISIBLE = "visible", _("Visible")
    HELD = "held", _("Waiting for review")
    HIDDEN = "hidden", _("Hidden by moderation")
    REMOVED_BY_AUTHOR = "removed_by_author", _("Removed by its author")


class Stance(models.TextChoices):
    SUPPORT = "support", _("Support")
    OPPOSE = "oppose", _("Oppose")
    UNSURE = "unsure", _("Unsure")


class ReactionValue(models.TextChoices):
    AGREE = "agree", _("Agree")
    DISAGREE = "disagree", _("Disagree")
    PASS = "pass", _("Pass")


class Participation(models.Model):
    """How one participant appears in one consultation: under their name or pseudonym."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    display_mode = models.CharField(
        _("appear"), max_length=10, choices=DisplayMode.choices, default=DisplayMode.PSEUDONYM
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="discussion_one_participation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_mode} in consultation {self.consultation_id}"


class Comment(models.Model):
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    # The top-level comment of the thread (null on top-level comments themselves), so a
    # page of threads loads in one query whatever their depth.
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    # Nullable so an account's deletion can anonymise what it wrote (issue 7).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author_display_mode = models.CharField(
        _("appeared"), max_length=10, choices=DisplayMode.choices
    )
    author_stakeholder_group = models.CharField(
        _("stakeholder group when posting"), max_length=20, choices=StakeholderGroup.choices
    )
    author_organisation = models.CharField(
        _("organisation when posting"), max_length=150, blank=True
    )
    body_source = models.TextField(_("comment"))
    # The language of the page it was posted from, given as its `lang`: a French comment on
    # an English page is read in a French voice. Blank for comments older than the field.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # Rendered once from body_source by consult.core.sanitize and served as stored.
    body_html = models.TextField()
    state = models.CharField(
        _("state"), max_length=32, choices=CommentState.choices, default=CommentState.VISIBLE
    )
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Set on a top-level comment when a moderator locks its thread: no new replies.
    locked_at = models.DateTimeField(_("thread locked"), null=True, blank=True)
    campaign = models.ForeignKey(
        "moderation.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # The author's consent for this contribution, defaulting to their profile's choices
    # (issue 7): in the open research data or not; in automated analysis or not.
    research_use = models.BooleanField(_("include in open research data"), default=False)
    automated_analysis = models.BooleanField(_("include in automated analysis"), default=True)
    # Denormalised from Reaction, updated with F() in the reaction's transaction and
    # rebuildable with services.comment_counters_rebuild.
    agree_count = models.PositiveIntegerField(default=0)
    disagree_count = models.PositiveIntegerField(default=0)
    pass_count = models.PositiveIntegerField(default=0)
    # When the counters last moved: live tally events send the counts of comments whose
    # counters moved lately, a withdrawn reaction (whose row is gone) included.
    counts_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["consultation", "-created_at"],
                condition=Q(parent__isnull=True),
                name="discussion_threads_by_date",
            ),
            models.Index(
                fields=["consultation", "-agree_count", "-created_at"],
                condition=Q(parent__isnull=True),
                name="discussion_threads_by_agree",
            ),
            models.Index(fields=["thread", "created_at"], name="discussion_thread_replies"),
            models.Index(
                fields=["consultation", "counts_changed_at"],
                condition=Q(counts_changed_at__isnull=False),
                name="discussion_counts_changed",
            ),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk}"


class CommentRevision(models.Model):
    """A version of a comment's text that an edit replaced."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    body_source = models.TextField()
    body_html = models.TextField()
    # When this version was written (the comment's creation or its previous edit).
    written_at = models.DateTimeField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "pk"]

    def __str__(self) -> str:
        return f"revision of comment {self.comment_id}"


class Position(models.Model):
    """A participant's stance on the proposal: one per participant and consultation."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="positions"
    )
    # Null once retention has anonymised the consultation (services.
    # contributions_anonymise_after_outcome): the position still counts in the tallies, by
    # the stakeholder group it was given under, but belongs to nobody.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="positions"
    )
    stance = models.CharField(_("your position"), max_length=10, choices=Stance.choices)
    reason = models.TextField(_("why (optional)"), blank=True, max_length=2000)
    author_stakeholder_group = models.CharField(
        _("stakeholder group when posting"), max_length=20, choices=StakeholderGroup.choices
    )
    author_organisation = models.CharField(
        _("organisation when posting"), max_length=150, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="discussion_one_position")
        ]

    def __str__(self) -> str:
        return f"{self.stance} on consultation {self.consultation_id}"


class Reaction(models.Model):
    """One cell of the participant x comment matrix that opinion groups are computed from."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    # Null once retention has anonymised the consultation: the counters stay equal to the
    # rows. The unique constraint still holds one reaction per participant while they have
    # one (databases treat nulls as distinct); anonymised rows are no longer a participant's,
    # so they leave the participant x comment matrix (opinion groups skip them).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="reactions"
    )
    # Denormalised from the comment so the matrix of a consultation is one indexed filter.
    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    value = models.CharField(max_length=10, choices=ReactionValue.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="discussion_one_reaction")
        ]
        indexes = [models.Index(fields=["consultation", "user"], name="discussion_matrix")]

    def __str__(self) -> str:
        return f"{self.value} on comment {self.comment_id}"
