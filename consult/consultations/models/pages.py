"""Consultation pages: the list at /consultations/ and one page per consultation.

Pages (rather than plain models) so drafts, revisions, workflow, scheduling and translations
come from Wagtail. A consultation's status is never stored: it is derived from its dates by
`consult.consultations.status`, in Python for one page and in SQL for lists.
"""

import functools
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from consult.consultations.admin_forms import ConsultationPageForm
from consult.consultations.blocks import BodyBlock, QuestionsBlock
from consult.consultations.status import ConsultationStatus, status_at, status_q
from consult.core.params import storable
from consult.core.routes import KeptViewRestrictions
from consult.core.viewer import viewer_for

LISTING_PAGE_SIZE = 12
# Wagtail hook: functions of (request, consultation page) returning what each app adds to the
# page's template context.
PAGE_CONTEXT_HOOK = "consultation_page_context"
# Functions of (viewer, page) that read, before any section, what the sections will ask
# about their reader: the app that can read it all at once gives it to the viewer.
PAGE_READER_HOOK = "consultation_page_reader"
# Functions of (request, page, respond) that serve the page, calling `respond()` for Wagtail's
# own rendering when they render it (the discussion keeps and redirects its listings).
PAGE_SERVE_HOOK = "consultation_page_serve"


class ModerationMode(models.TextChoices):
    POST = "post", _("Post-moderation: comments appear at once and can be flagged")
    PRE = "pre", _("Pre-moderation: a moderator approves each comment first")


class ConsultationIndexPage(KeptViewRestrictions, Page):
    """The list of consultations, with filters by status and a search box."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["consultations.ConsultationPage"]
    max_count_per_parent = 1

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        # Imported here: the list's queries import these models.
        from consult.consultations.listing import consultation_listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_listing_context(request, locale=self.locale))
        return context


class ConsultationPageQuerySet(PageQuerySet):
    def with_status(self, status: ConsultationStatus | str, *, now: datetime | None = None):
        return self.filter(status_q(status, now=now or timezone.now()))

    def with_id(self, page_id: int):
        """The page `page_id` (an id from a URL): none past every integer column, which a
        lookup by a page's id (its link to its Page) would overflow on."""
        return self.filter(pk=page_id) if storable(page_id) else self.none()


ConsultationPageManager = PageManager.from_queryset(ConsultationPageQuerySet)


def default_opens_at() -> datetime:
    """A week from today at 9:00: a date the add form starts with, so that its autosave has
    one to save (the dates cannot be empty in the database)."""
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime.combine(day, time(9)))


def default_closes_at() -> datetime:
    """Six weeks after `default_opens_at`, at 17:00: a common length for a consultation."""
    day = timezone.localdate() + timedelta(days=7 + 42)
    return timezone.make_aware(datetime.combine(day, time(17)))


def _dates_help() -> str:
    # The admin's date pickers name no zone: an editor in another one must not guess.
    return gettext("Times are %(zone)s time (%(name)s).") % {
        "zone": timezone.get_current_timezone_name().rsplit("/", 1)[-1].replace("_", " "),
        "name": timezone.get_current_timezone_name(),
    }


DATES_HELP = lazy(_dates_help, str)()


class ConsultationPage(KeptViewRestrictions, Page):
    """One consultation on one AI system: what it is about, when it runs, what it asks."""

    summary = models.TextField(
        _("summary"), help_text=_("Two or three plain sentences shown in lists and at the top.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), default=default_opens_at)
    closes_at = models.DateTimeField(_("closes at"), default=default_closes_at)
    # Set by the outcomes feature when the summary of what we heard is published.
    outcome_published_at = models.DateTimeField(
        _("outcome published at"), null=True, blank=True, editable=False
    )
    moderation_mode = models.CharField(
        _("moderation"),
        max_length=4,
        choices=ModerationMode.choices,
        default=ModerationMode.POST,
    )
    ai_system = models.ForeignKey(
        "consultations.AISystem",
        verbose_name=_("AI system"),
        # Nullable only so drafts can be saved before the card exists; publishing needs it.
        null=True,
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    questions = StreamField(QuestionsBlock(), verbose_name=_("questions"), blank=True)

    objects = ConsultationPageManager()
    base_form_class = ConsultationPageForm

    parent_page_types = ["consultations.ConsultationIndexPage"]
    # The published outcome, at /consultations/<slug>/summary/.
    subpage_types = ["outcomes.SummaryPage"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("ai_system"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("Dates"),
            help_text=DATES_HELP,
        ),
        FieldPanel("moderation_mode"),
        FieldPanel("body"),
        InlinePanel("documents", label=_("Documents")),
        FieldPanel("questions"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
        index.FilterField("outcome_published_at"),
    ]

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The consultation must close after it opens.")},
                code="closes_before_opens",
            )

    def status_at(self, now: datetime) -> ConsultationStatus:
        return status_at(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            outcome_published_at=self.outcome_published_at,
            now=now,
        )

    @property
    def status(self) -> ConsultationStatus:
        return self.status_at(timezone.now())

    @property
    def localized_ai_system(self):
        """The AI system card in the reader's language where it is translated and published,
        else the source card. Wagtail's `localized` reads the active locale on every call: it
        is asked only when the card is not in the reader's language already, and a card in
        the page's language takes the page's locale rather than reading it again."""
        system = self.ai_system
        if system is None:
            return None
        if system.locale_id == self.locale_id:
            system.locale = self.locale
        if system.locale.language_code == get_supported_content_language_variant(
            translation.get_language()
        ):
            return system
        return system.localized

    @cached_property
    def listed_documents(self) -> list:
        """The documents with their files, read once for the page's at-a-glance links and
        its documents section."""
        return list(self.documents.select_related("document"))

    def with_content_json(self, content):
        page = super().with_content_json(content)
        # Set by publishing the summary, never by editing: publishing an older revision of
        # the consultation must not take its outcome back.
        page.outcome_published_at = self.outcome_published_at
        # A translation is the same consultation as its source: it runs on the source's
        # dates, whatever its own revisions say (publishing the source republishes it).
        from consult.consultations.queries import canonical_consultation

        source = canonical_consultation(self)
        if source.pk != self.pk:
            page.opens_at, page.closes_at = source.opens_at, source.closes_at
        return page

    def publish(self, revision, *args, **kwargs):
        """Every way of publishing a revision passes here but the editor's own button (the
        `after_publish_page` hook): the translations then take the source's dates."""
        # Imported here: the services import these models.
        from consult.consultations.services import consultation_published

        published = super().publish(revision, *args, **kwargs)
        consultation_published(page=self, user=kwargs.get("user"))
        return published

    def serve(self, request, *args, **kwargs):
        # The participation apps, which import this model, wrap its serving through a hook.
        respond = functools.partial(super().serve, request, *args, **kwargs)
        for serve in hooks.get_hooks(PAGE_SERVE_HOOK):
            respond = functools.partial(serve, request, self, respond)
        return respond()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The participation apps, which import this model, add their sections through Wagtail's
        # hooks: first what the sections ask about their reader, read at once into the
        # request's viewer, then the sections, in any order.
        viewer = viewer_for(request)
        for read_reader in hooks.get_hooks(PAGE_READER_HOOK):
            read_reader(viewer, self)
        for section_context in hooks.get_hooks(PAGE_CONTEXT_HOOK):
            context.update(section_context(request, self))
        return context


class ConsultationDocument(Orderable):
    page = ParentalKey(ConsultationPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
