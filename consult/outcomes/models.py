"""Outcomes: what a consultation heard and what the body did with it.

- `Theme` and `CommentTheme`: staff group comments under themes (always on the canonical
  consultation page, like the comments themselves).
- `SummaryPage`: the published outcome at /consultations/<slug>/summary/, a Wagtail page under
  the consultation (drafts, revisions, translations), answering each theme (`ThemeResponse`).
- `Follow` and `ConsultationEvent`: who is told when a consultation opens, closes or publishes
  its outcome, and which of those moments have been announced.
- `OutcomeSettings`: the share of affected people below which editors are warned.
- `CitationNotice` and `CitationContest`: "you said, we did": which authors were told that
  a published summary cites them, and their answers that a theme misrepresents their view.

Writes go through `consult.outcomes.services`; nothing here has side effects.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from consult.consultations.panels import ReadingEasePanel
from consult.core.readability import ReadingEase, reading_ease, reading_ease_of_parts
from consult.core.routes import KeptViewRestrictions
from consult.outcomes.forms import SummaryPageForm

SUMMARY_SLUG = "summary"
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class Theme(models.Model):
    """A theme staff found in a consultation's comments, e.g. "Human review of refusals".

    `comments` are the contributions tagged with it (through `CommentTheme`); the summary's
    `ThemeResponse` answers it and links back to them. Exports read `theme.name` and
    `comment.themes`. The consultation is the canonical (default-language) page.
    """

    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="themes",
    )
    name = models.CharField(_("theme"), max_length=120)
    comments = models.ManyToManyField(
        "discussion.Comment", through="CommentTheme", related_name="themes", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="outcomes_theme_unique")
        ]

    def __str__(self) -> str:
        return self.name


def theme_anchor(theme_id: int) -> str:
    """The fragment of a theme on the public summary, for links that name one theme."""
    return f"cited-theme-{theme_id}"


class CommentTheme(models.Model):
    """One comment tagged with one theme."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="taggings")
    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="theme_taggings"
    )
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["theme", "comment"], name="outcomes_one_tag")
        ]
        indexes = [models.Index(fields=["comment"], name="outcomes_tags_by_comment")]

    def __str__(self) -> str:
        return f"comment {self.comment_id} in theme {self.theme_id}"


class Decision(models.TextChoices):
    PROCEED = "proceed", _("Proceed")
    PROCEED_WITH_CHANGES = "proceed_with_changes", _("Proceed with changes")
    PAUSE = "pause", _("Pause")
    ABANDON = "abandon", _("Abandon")


class SummaryPage(RoutablePageMixin, KeptViewRestrictions, Page):
    """The outcome of a consultation: what we heard, the body's response to each theme, the
    decision, and what changes in the AI system card. It goes live only while every theme is
    answered and traceable (`services.summary_publish_problems`, asked by the form and, for
    every other way of publishing, by `services.summary_publish`). Publishing it
    (`services.summary_published`) moves the consultation to "outcome published"."""

    what_we_heard = RichTextField(_("what we heard"), features=RICH_TEXT_FEATURES)
    decision = models.CharField(_("decision"), max_length=24, choices=Decision.choices)
    decision_explanation = RichTextField(
        _("why we decided this"), features=RICH_TEXT_FEATURES, blank=True
    )
    system_card_changes = RichTextField(
        _("what changes in the AI system card"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Name each change to the card, or say that nothing changes."),
    )
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_("What the deploying body does now, in a few plain sentences."),
    )
    next_steps_on = models.DateField(
        _("next step on"),
        null=True,
        blank=True,
        help_text=_("When the next step happens (a decision, a pilot, a review), if known."),
    )

    # Derived from the summary's prose (what we heard, the responses, the decision's
    # reasons, the card's changes, next steps) when it is cleaned or saved: each revision
    # carries the score of its own text, and the live page shows it without computing.
    reading_ease = models.PositiveSmallIntegerField(
        _("reading ease"), null=True, blank=True, editable=False
    )

    parent_page_types = ["consultations.ConsultationPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    base_form_class = SummaryPageForm

    content_panels = [
        *Page.content_panels,
        ReadingEasePanel(
            measure=lambda summary: summary.text_reading_ease,
            heading=_("Reading ease of the summary"),
        ),
        FieldPanel("what_we_heard"),
        InlinePanel("theme_responses", label=_("Themes and our response")),
        FieldPanel("decision"),
        FieldPanel("decision_explanation"),
        FieldPanel("system_card_changes"),
        FieldPanel("next_steps"),
        FieldPanel("next_steps_on"),
    ]

    class Meta:
        verbose_name = _("consultation summary")
        verbose_name_plural = _("consultation summaries")

    def full_clean(self, *args, **kwargs):
        # Always at /consultations/<slug>/summary/: the address people share.
        self.slug = SUMMARY_SLUG
        self.measure_reading_ease()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        if kwargs.get("update_fields") is None:
            self.measure_reading_ease()
        return super().save(*args, **kwargs)

    def measure_reading_ease(self) -> None:
        parts = [self.what_we_heard]
        parts += [row.response for row in self.theme_responses.all()]
        parts += [self.decision_explanation, self.system_card_changes, self.next_steps]
        self.reading_ease = reading_ease_of_parts(parts, self._language())

    def _language(self) -> str:
        return self.locale.language_code if self.locale_id else ""

    @property
    def text_reading_ease(self) -> ReadingEase | None:
        return reading_ease(self.reading_ease, self._language())

    def publish(self, revision, *args, **kwargs):
        """Wagtail has no hook that workflows, bulk actions, the scheduler and code all pass:
        this method is it, and hands over to the service."""
        # Imported here: the services import these models.
        from consult.outcomes.services import summary_publish

        return summary_publish(
            revision=revision,
            publish=lambda: super(SummaryPage, self).publish(revision, *args, **kwargs),
        )

    @path("")
    def summary(self, request):
        return self.render(request)

    @path("download/")
    def download(self, request):
        """The summary as a plain text file, to keep, forward or read offline."""
        response = self.render(
            request,
            template="outcomes/summary_download.txt",
            context_overrides={"download": True},
        )
        response["Content-Type"] = "text/plain; charset=utf-8"
        filename = f"{self.get_parent().slug}-summary.txt"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def get_context(self, request, *args, **kwargs):
        # Imported here: queries imports these models.
        from consult.outcomes.queries import summary_context

        context = super().get_context(request, *args, **kwargs)
        context.update(summary_context(self))
        return context


class ThemeResponse(Orderable):
    """The body's response to one theme, in one language version of the summary."""

    page = ParentalKey(SummaryPage, on_delete=models.CASCADE, related_name="theme_responses")
    # PROTECT: a theme answered in a summary cannot vanish from under it.
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="responses"
    )
    heading = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Shown instead of the theme's name, e.g. in a translation."),
    )
    response = RichTextField(_("our response"), features=RICH_TEXT_FEATURES, blank=True)

    panels = [FieldPanel("theme"), FieldPanel("heading"), FieldPanel("response")]

    class Meta(Orderable.Meta):
        verbose_name = _("theme and response")
        verbose_name_plural = _("themes and responses")

    @property
    def title(self) -> str:
        return self.heading or self.theme.name


class Follow(models.Model):
    """Someone following a consultation: a signed-in participant (`user`) or an email address
    alone (`email`, confirmed by a signed link before anything is sent: `confirmed_at`)."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    email = models.EmailField(_("email address"), blank=True)
    # The language the follower used, for the emails they get.
    language = models.CharField(max_length=10, default="en")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"],
                condition=Q(user__isnull=False),
                name="outcomes_one_follow_per_user",
            ),
            models.UniqueConstraint(
                fields=["consultation", "email"],
                condition=~Q(email=""),
                name="outcomes_one_follow_per_email",
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False, email="") | Q(user__isnull=True) & ~Q(email="")),
                name="outcomes_follow_user_or_email",
            ),
        ]

    def __str__(self) -> str:
        return f"follow of consultation {self.consultation_id}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("opened")
    CLOSED = "closed", _("closed")
    OUTCOME_PUBLISHED = "outcome_published", _("outcome published")


class ConsultationEvent(models.Model):
    """A moment followers were told about; unique, so announcing twice sends nothing."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind"], name="outcomes_one_event")
        ]

    def __str__(self) -> str:
        return f"{self.kind} for consultation {self.consultation_id}"


@register_setting(icon="group")
class OutcomeSettings(BaseSiteSetting):
    affected_share_minimum = models.PositiveSmallIntegerField(
        _("minimum share of affected people (%)"),
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "While a consultation is open, its editors are warned when fewer of its participants "
            "than this belong to the groups its AI system card names as affected."
        ),
    )

    class Meta:
        verbose_name = _("participation balance")


class CitationNotice(models.Model):
    """An author was told that a published summary answered what they wrote ("you said, we
    did"). One per author and consultation, whichever language version went live and however
    often it is republished: the record is what stops a second notice."""

    consultation = models.ForeignKey(
        "consultations.ConsultationPage", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citation_notices"
    )
    summary = models.ForeignKey(SummaryPage, null=True, on_delete=models.SET_NULL, related_name="+")
    comment_count = models.PositiveIntegerField()
    mailed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome notice")
        verbose_name_plural = _("outcome notices")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="outcomes_one_citation_notice"
            )
        ]

    def __str__(self) -> str:
        return f"citation notice to user {self.user_id} for consultation {self.consultation_id}"


class CitationContest(models.Model):
    """The author of a comment a theme cites says the theme misrepresents their view: once
    per citation (theme and comment), with an optional statement in plain text."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="contests")
    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="citation_contests"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="citation_contests"
    )
    statement = models.TextField(_("what the theme gets wrong"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contested citation")
        verbose_name_plural = _("contested citations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "comment"], name="outcomes_one_contest")
        ]

    def __str__(self) -> str:
        return f"contest of comment {self.comment_id} in theme {self.theme_id}"
