"""Moderation: house rules, flags, decisions with their statements of reasons, appeals,
suspensions, coordinated campaigns, and the append-only audit log.

A comment's visibility is one field, `discussion.Comment.state`; every change to it that
moderation makes is a ModerationDecision written by a service in
`consult.moderation.services`, together with its AuditEntry, in one transaction.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Orderable, TranslatableMixin


class RuleCode(models.TextChoices):
    """Stable codes: decisions, reports and the open data cite these, whatever the wording."""

    SPAM = "spam", _("Spam")
    HARASSMENT = "harassment", _("Harassment")
    HATE_SPEECH = "hate_speech", _("Hate speech")
    PERSONAL_DATA = "personal_data", _("Personal data of others")
    OFF_TOPIC = "off_topic", _("Off-topic")
    IMPERSONATION = "impersonation", _("Impersonation")
    ILLEGAL = "illegal", _("Illegal content")


class HouseRule(TranslatableMixin, models.Model):
    """The published wording of one rule, edited by editors in Wagtail, per language."""

    code = models.CharField(_("rule code"), max_length=20, choices=RuleCode.choices)
    title = models.CharField(_("title"), max_length=120)
    explanation = models.TextField(
        _("plain explanation"),
        help_text=_("What the rule forbids and why, in words a participant understands."),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("house rule")
        verbose_name_plural = _("house rules")
        ordering = ["sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="moderation_one_rule_per_code")
        ]

    def __str__(self) -> str:
        return self.title


class Action(models.TextChoices):
    HOLD = "hold", _("Held for review")
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    RESTORE = "restore", _("Restored")
    LOCK = "lock", _("Thread locked")
    UNLOCK = "unlock", _("Thread unlocked")
    CAMPAIGN = "campaign", _("Marked as a coordinated campaign")
    SUSPEND = "suspend", _("Participant suspended")


# Actions after which fewer people can see or write something: each needs a public
# statement of reasons (consult.moderation.reasons).
REDUCING_ACTIONS = (Action.HOLD, Action.HIDE, Action.LOCK, Action.SUSPEND)


class Trigger(models.TextChoices):
    FLAG = "flag", _("Flagged by a participant")
    PRESCREEN = "prescreen", _("Automated pre-screen")
    PREMODERATION = "premoderation", _("Pre-moderation of this consultation")
    MODERATOR = "moderator", _("A moderator's own review")
    APPEAL = "appeal", _("Appeal")


class Campaign(models.Model):
    """Near-identical comments from several accounts, kept visible and shown as one group."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    automated = models.BooleanField(_("detected automatically"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"campaign {self.pk}"


class ModerationDecision(models.Model):
    """One decision, automated or human, on a comment (or, for a suspension, a participant)."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        "discussion.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    # Whom a suspension applies to; null for decisions on comments.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    rule_code = models.CharField(_("rule"), max_length=20, choices=RuleCode.choices)
    trigger = models.CharField(_("triggered by"), max_length=16, choices=Trigger.choices)
    automated = models.BooleanField(_("automated"), default=False)
    # For automated decisions: which pre-screen check fired, and the settings' version.
    screen_check = models.CharField(max_length=40, blank=True)
    screen_version = models.PositiveIntegerField(null=True, blank=True)
    # Null when automated, or once the moderator's account is gone.
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_decisions",
    )
    public_note = models.TextField(_("public note"), blank=True, max_length=2000)
    state_before = models.CharField(max_length=32, blank=True)
    state_after = models.CharField(max_length=32, blank=True)
    suspended_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(automated=True) | Q(moderator__isnull=True),
                name="moderation_automated_has_no_moderator",
            ),
            # Automation may only hold for a human.
            models.CheckConstraint(
                condition=~Q(automated=True) | Q(action="hold"),
                name="moderation_automation_only_holds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.rule_code}) on {self.comment_id or self.subject_id}"


class FlagOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    ACTIONED = "actioned", _("A moderator acted on it")
    DISMISSED = "dismissed", _("A moderator found no breach")


class Flag(models.Model):
    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="flags"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    rule_code = models.CharField(_("rule"), max_length=20, choices=RuleCode.choices)
    note = models.TextField(_("note (optional)"), blank=True, max_length=1000)
    outcome = models.CharField(
        max_length=10, choices=FlagOutcome.choices, default=FlagOutcome.PENDING
    )
    decision = models.ForeignKey(
        ModerationDecision, null=True, blank=True, on_delete=models.SET_NULL, related_name="flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "flagger"], name="moderation_one_flag")
        ]

    def __str__(self) -> str:
        return f"flag on comment {self.comment_id}"


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    UPHELD = "upheld", _("Decision upheld")
    REVERSED = "reversed", _("Decision reversed")


class Appeal(models.Model):
    decision = models.OneToOneField(
        ModerationDecision, on_delete=models.CASCADE, related_name="appeal"
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeals"
    )
    statement = models.TextField(_("your statement"), max_length=4000)
    outcome = models.CharField(
        max_length=10, choices=AppealOutcome.choices, default=AppealOutcome.PENDING
    )
    # Never the moderator who took the decision (checked in the service).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals_reviewed",
    )
    reasons = models.TextField(_("reasons"), blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"appeal of decision {self.decision_id}"


class Suspension(models.Model):
    """A participant may not write, site-wide, until `until`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    decision = models.OneToOneField(
        ModerationDecision, on_delete=models.CASCADE, related_name="suspension"
    )
    until = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "until"], name="moderation_active_suspension")]

    def __str__(self) -> str:
        return f"suspension until {self.until:%Y-%m-%d}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """One line of the append-only log: who (or which automated check) did what, when, to
    what, with the state before and after. Rows are never updated or deleted (the database
    refuses it on PostgreSQL); targets are named by kind and id, not by foreign key, so a
    deleted comment leaves its history. The moderator's identity lives beside the entry, in
    AuditActor, so retention can drop it without touching the entry."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    automated = models.BooleanField(default=False)
    # "moderator", or the automated check that acted ("prescreen:terms v3").
    actor_label = models.CharField(max_length=80)
    action = models.CharField(max_length=24)
    target_kind = models.CharField(max_length=24)
    target_id = models.PositiveBigIntegerField()
    consultation_id = models.PositiveBigIntegerField(null=True, db_index=True)
    decision_id = models.PositiveBigIntegerField(null=True)
    rule_code = models.CharField(max_length=20, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.action} {self.target_kind} {self.target_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


class AuditActor(models.Model):
    """Which person an audit entry's actor was, until retention or their deletion drops it."""

    entry = models.OneToOneField(AuditEntry, on_delete=models.CASCADE, related_name="actor")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_actions"
    )

    def __str__(self) -> str:
        return f"actor of audit entry {self.entry_id}"


# --- The automated pre-screen --------------------------------------------------------------


@register_setting(icon="warning")
class PrescreenSettings(ClusterableModel, BaseGenericSetting):
    """What the automated pre-screen checks. It can only ever hold a comment for a person to
    review; every hold names the check and this settings' version, bumped on every save
    (services.screening.prescreen_settings_save) so a decision can be traced to the settings
    that made it. Every check starts off: nothing is held automatically until an editor
    decides what to look for."""

    enabled = models.BooleanField(_("screen new comments"), default=True)
    version = models.PositiveIntegerField(default=0, editable=False)
    link_account_age_days = models.PositiveSmallIntegerField(
        _("hold links from accounts younger than (days)"),
        default=0,
        help_text=_("0 turns this check off."),
    )
    burst_posts = models.PositiveSmallIntegerField(
        _("hold when one account posts more than"),
        default=0,
        help_text=_("comments within the period below; 0 turns this check off."),
    )
    burst_minutes = models.PositiveSmallIntegerField(_("period (minutes)"), default=10)
    campaign_accounts = models.PositiveSmallIntegerField(
        _("campaign: at least this many accounts"),
        default=0,
        help_text=_(
            "Near-identical comments from this many accounts are held and grouped as one "
            "campaign; 0 turns this check off."
        ),
    )
    campaign_similarity = models.PositiveSmallIntegerField(
        _("campaign: similarity (percent)"),
        default=70,
        validators=[MinValueValidator(30), MaxValueValidator(100)],
        help_text=_("How alike two comments' wording must be to count as the same text."),
    )

    panels = [
        FieldPanel("enabled"),
        InlinePanel("term_lists", label=_("Term lists")),
        FieldPanel("link_account_age_days"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("burst_posts"), FieldPanel("burst_minutes")])],
            heading=_("Bursts of posts"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("campaign_accounts"), FieldPanel("campaign_similarity")])],
            heading=_("Coordinated campaigns"),
        ),
    ]

    class Meta:
        verbose_name = _("automated pre-screen")


class PrescreenTermList(Orderable):
    """Words or phrases, one per line, in one language, that hold a comment under a rule."""

    prescreen = ParentalKey(PrescreenSettings, on_delete=models.CASCADE, related_name="term_lists")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    rule_code = models.CharField(_("rule"), max_length=20, choices=RuleCode.choices)
    terms = models.TextField(_("terms"), help_text=_("One word or phrase per line."))

    panels = [FieldPanel("language"), FieldPanel("rule_code"), FieldPanel("terms")]

    def __str__(self) -> str:
        return f"{self.language} {self.rule_code}"


class CommentFingerprint(models.Model):
    """A comment's MinHash signature, for finding near-identical comments."""

    comment = models.OneToOneField(
        "discussion.Comment", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    signature = models.BinaryField()

    def __str__(self) -> str:
        return f"fingerprint of comment {self.comment_id}"


class CommentBand(models.Model):
    """One band of a comment's signature (locality-sensitive hashing): comments sharing a
    band's key are candidates, so a new comment is compared with a handful by index, never
    with the whole consultation."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    key = models.BigIntegerField()
    comment = models.ForeignKey("discussion.Comment", on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["consultation", "key"], name="moderation_band_lookup")]

    def __str__(self) -> str:
        return f"band {self.key} of comment {self.comment_id}"
