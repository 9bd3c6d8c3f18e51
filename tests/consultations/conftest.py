"""Personas and factories for the consultations tests.

erin   an editor (Wagtail's Editors group) with an authenticator app, so the admin lets her in
"""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from accounts.models import User
from consult.consultations import impact
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage

# The lowest-scoring answer to every question: a complete, level I assessment.
LOW_ANSWERS = {
    question.field_name: min(question.choices, key=lambda choice: choice.points).value
    for question in impact.QUESTIONS
}


@pytest.fixture
def erin(db) -> User:
    user = User.objects.create_user(email="erin@example.org", password="correct horse battery")
    user.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def home(db) -> Page:
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def index_page(home) -> ConsultationIndexPage:
    page = ConsultationIndexPage(title="Consultations", slug="consultations")
    home.add_child(instance=page)
    return page


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.create(language_code="fr")


@pytest.fixture
def french_index(home, index_page, french) -> ConsultationIndexPage:
    """The French tree: the home page and the index, translated and published."""
    home.copy_for_translation(french).save_revision().publish()
    page = index_page.copy_for_translation(french)
    page.title = "Consultations publiques"
    page.save_revision().publish()
    return page


def _make_system(
    name: str = "Benefit fraud risk scoring",
    *,
    publish: bool = True,
    locale: Locale | None = None,
    **fields,
) -> AISystem:
    values = {
        "slug": slugify(name),
        "deploying_body": "Department for Work",
        "purpose": "Ranks benefit claims for a fraud check.",
        "plain_language_explainer": "A computer ranks claims; a person checks the top ones.",
        **LOW_ANSWERS,
        **fields,
    }
    system = AISystem(name=name, live=False, **values)
    if locale is not None:
        system.locale = locale
    system.full_clean()
    system.save()
    revision = system.save_revision()
    if publish:
        revision.publish()
    return system


def _make_consultation(
    parent: Page,
    title: str,
    *,
    system: AISystem | None,
    opens_in: timedelta = timedelta(days=-1),
    lasts: timedelta = timedelta(days=30),
    live: bool = True,
    **fields,
) -> ConsultationPage:
    opens_at = timezone.now() + opens_in
    page = ConsultationPage(
        title=title,
        slug=slugify(title),
        summary=f"What we plan to do: {title}.",
        opens_at=opens_at,
        closes_at=opens_at + lasts,
        ai_system=system,
        live=live,
        **fields,
    )
    parent.add_child(instance=page)
    return page


@pytest.fixture
def make_system(db):
    return _make_system


@pytest.fixture
def make_consultation(db):
    return _make_consultation
