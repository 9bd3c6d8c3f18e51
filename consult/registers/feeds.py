"""The register's changes as an Atom feed: one entry per published revision of a card in the
reader's language, newest first, saying what each one changed."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, ModelLogEntry

from consult.consultations.history import changes
from consult.consultations.models import AISystem

FEED_LENGTH = 50


class RegisterChangesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Consult: changes to the register of AI systems")
    subtitle = gettext_lazy("Each published version of an AI system card, and what it changed.")

    def link(self) -> str:
        return reverse("ai_systems:index")

    def items(self) -> list[ModelLogEntry]:
        """The last publications of cards live now (two queries): each with the one before it
        on the same card, when that is among them, to say what changed."""
        systems = {
            str(system.pk): system
            for system in AISystem.objects.filter(live=True, locale=Locale.get_active())
        }
        entries = list(
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(AISystem),
                object_id__in=systems,
                action="wagtail.publish",
                revision__isnull=False,
            )
            .select_related("revision")
            .order_by("-timestamp", "-pk")[: FEED_LENGTH + 1]
        )
        for index, entry in enumerate(entries):
            entry.system = systems[entry.object_id]
            entry.previous = next(
                (e for e in entries[index + 1 :] if e.object_id == entry.object_id), None
            )
        return entries[:FEED_LENGTH]

    def item_title(self, item: ModelLogEntry) -> str:
        return item.revision.content.get("name") or item.system.name

    def item_link(self, item: ModelLogEntry) -> str:
        return item.system.get_absolute_url()

    def item_guid(self, item: ModelLogEntry) -> str:
        return f"{item.system.get_absolute_url()}#revision-{item.revision_id}"

    def item_guid_is_permalink(self, item) -> bool:
        return False

    def item_pubdate(self, item: ModelLogEntry):
        return item.timestamp

    def item_updateddate(self, item: ModelLogEntry):
        return item.timestamp

    def item_description(self, item: ModelLogEntry) -> str:
        if item.previous is None:
            return _("Published.")
        changed = changes(item.previous.revision.content, item.revision.content)
        if not changed:
            return _("Published again, unchanged.")
        return _("Changed: %(fields)s.") % {"fields": ", ".join(c.label for c in changed)}
