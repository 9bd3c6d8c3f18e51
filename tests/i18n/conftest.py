"""Fixtures for the French translation tests: the demo content and two French readers."""

from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from wagtail.models import Site
from wagtail.users.models import UserProfile

from accounts.models import User
from accounts.services import profile_create
from tests.built_once import rolled_back_at_end


@pytest.fixture(autouse=True)
def _fresh_site_root_paths(db):
    # Wagtail caches the site's root paths; with Redis that cache outlives each test's
    # rolled-back transaction, so start every test from the database.
    Site.clear_site_root_paths_cache()


@pytest.fixture(scope="class")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The bilingual demo content `make run` loads: every kind of page, in French too.
    Loaded once for the class of tests that read it (tests/built_once.py)."""
    with rolled_back_at_end(django_db_blocker), open("/dev/null", "w") as quiet:
        call_command("load_demo_content", stdout=quiet)
        yield


@pytest.fixture
def camille(db) -> User:
    """A participant who reads the site in French."""
    user = User.objects.create_user(email="camille@example.org", password="not used here")
    profile_create(
        user=user,
        display_name="Camille Roux",
        stakeholder_group="affected",
        preferred_language="fr",
    )
    return user


@pytest.fixture
def dominique(db) -> User:
    """An editor with two-factor authentication who works in the admin in French."""
    user = User.objects.create_user(
        email="dominique@example.org", password="not used here", is_staff=True, is_superuser=True
    )
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    wagtail_profile = UserProfile.get_for_user(user)
    wagtail_profile.preferred_language = "fr"
    wagtail_profile.save()
    return user
