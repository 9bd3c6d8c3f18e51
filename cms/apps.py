from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site content")

    def ready(self) -> None:
        from wagtail.documents import get_document_model
        from wagtail.models import CollectionViewRestriction, Locale, Page, PageViewRestriction

        from cms import staff_links  # noqa: F401  (connects its receiver)
        from cms.models import SiteSettings
        from consult.core.versions import connect_signals, site_shows

        connect_signals()
        # Locales: a kept page's language. Privacy restrictions (a page's, a document
        # collection's) are rows saved from the admin without publishing anything: a page
        # made private must stop being served from memory to anonymous readers.
        for model in (
            SiteSettings,
            PageViewRestriction,
            CollectionViewRestriction,
            Locale,
            get_document_model(),
        ):
            site_shows(model)
        # A deleted page leaves menus.
        site_shows(Page, saved=False)
