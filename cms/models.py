"""Content pages (home and standard pages) and the site-wide settings editors control."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import PROSE_FEATURES, BodyBlock, StepsBlock
from consult.consultations.queries import open_consultations
from consult.core.routes import KeptViewRestrictions

HOME_OPEN_CONSULTATIONS = 6


class HomePage(KeptViewRestrictions, Page):
    """The site root: what Consult is, how taking part works, and what is open now.

    One per locale: the French home page is a translation of the English one.
    """

    intro = RichTextField(_("introduction"), features=PROSE_FEATURES, blank=True)
    how_it_works_heading = models.CharField(
        _("heading of the steps"), max_length=120, default=_("How taking part works")
    )
    how_it_works = StreamField(StepsBlock(), verbose_name=_("steps"), blank=True)

    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("how_it_works_heading"), FieldPanel("how_it_works")],
            heading=_("How taking part works"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["open_consultations"] = open_consultations(
            locale=self.locale, limit=HOME_OPEN_CONSULTATIONS
        )
        return context


class StandardPage(KeptViewRestrictions, Page):
    """About, privacy, accessibility statement, house rules: a title, a lead and prose."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown in larger text under the title."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    show_in_footer = models.BooleanField(
        _("show in footer"),
        default=False,
        help_text=_("List this page among the footer links (privacy, accessibility, ...)."),
    )

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = [*Page.promote_panels, FieldPanel("show_in_footer")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    organisation_name = models.CharField(
        _("organisation name"),
        max_length=120,
        default="Consult",
        help_text=_("Who runs this site; shown in the header and footer."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    # One text for every language: settings are per site, not per locale.
    footer_text = models.TextField(_("footer text"), blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("contact_email"),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("site settings")
