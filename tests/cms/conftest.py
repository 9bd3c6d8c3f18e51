"""Pages and settings for the cms tests.

The default site's root is the HomePage the cms data migration creates, so every test starts
from the same tree a fresh install has.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Site

from cms.models import HomePage, SiteSettings, StandardPage
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage


@pytest.fixture(autouse=True)
def _fresh_site_root_paths(db):
    # Wagtail caches the site's root paths; with Redis that cache outlives each test's
    # rolled-back transaction, so start every test from the database.
    Site.clear_site_root_paths_cache()


@pytest.fixture
def french_home(home, french) -> HomePage:
    page = home.copy_for_translation(french)
    page.title = "Donnez votre avis"
    page.save_revision().publish()
    return page


@pytest.fixture
def make_standard_page(home):
    def make(title: str, *, parent=None, **fields) -> StandardPage:
        page = StandardPage(title=title, **fields)
        (parent or home).add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def site_settings(home) -> SiteSettings:
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def index_page(home) -> ConsultationIndexPage:
    page = ConsultationIndexPage(title="Consultations", slug="consultations")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def make_consultation(index_page):
    """A published consultation; open by default (opened yesterday, closes in ten days)."""

    def make(title: str, *, opens_in_days: int = -1, closes_in_days: int = 10) -> ConsultationPage:
        now = timezone.now()
        system = AISystem.objects.create(
            name=f"System for {title}",
            slug=f"system-{ConsultationPage.objects.count()}",
            deploying_body="City Council",
            purpose="Ranks claims.",
            live=True,
        )
        page = ConsultationPage(
            title=title,
            summary=f"What {title} would change.",
            opens_at=now + timedelta(days=opens_in_days),
            closes_at=now + timedelta(days=closes_in_days),
            ai_system=system,
        )
        index_page.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
