"""Atom feeds of consultations and of their published outcomes, in the reader's language."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from consult.consultations.access import readable_consultations
from consult.consultations.models import ConsultationPage
from consult.outcomes.models import SummaryPage

FEED_LENGTH = 30


class _PageFeed(Feed):
    feed_type = Atom1Feed

    def item_link(self, item) -> str:
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class ConsultationsFeed(_PageFeed):
    title = _("Consult: consultations")
    subtitle = _("New consultations on AI systems that public bodies plan to deploy.")
    link = "/consultations/"

    def items(self):
        # A feed is a public document, fetched without a session and kept by readers and
        # proxies: it lists what the public may see, whoever asks.
        return (
            readable_consultations()
            .filter(locale=Locale.get_active())
            .order_by("-first_published_at")[:FEED_LENGTH]
        )

    def item_title(self, item: ConsultationPage) -> str:
        return item.title

    def item_description(self, item: ConsultationPage) -> str:
        return item.summary


class OutcomesFeed(_PageFeed):
    title = _("Consult: outcomes")
    subtitle = _("What public bodies heard in their consultations, and what they decided.")
    link = "/consultations/"

    def items(self):
        return (
            SummaryPage.objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .order_by("-first_published_at")[:FEED_LENGTH]
        )

    def item_title(self, item: SummaryPage) -> str:
        return item.title

    def item_description(self, item: SummaryPage) -> str:
        heard = Truncator(strip_tags(item.what_we_heard)).words(60)
        return f"{item.get_decision_display()}. {heard}"
