"""Personas and factories for the consultations tests.

erin   an editor (Wagtail's Editors group) with an authenticator app, so the admin lets her in
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import User
from consult.consultations.models import ConsultationIndexPage
from tests import factories
from tests.factories import make_ai_system


@pytest.fixture
def erin(db) -> User:
    user = User.objects.create_user(email="erin@example.org", password="correct horse battery")
    user.groups.add(Group.objects.get(name="Editors"))
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def french_index(home, index_page, french) -> ConsultationIndexPage:
    """The French tree: the home page and the index, translated and published."""
    home.copy_for_translation(french).save_revision().publish()
    page = index_page.copy_for_translation(french)
    page.title = "Consultations publiques"
    page.save_revision().publish()
    return page


@pytest.fixture
def make_system(db):
    return make_ai_system


@pytest.fixture
def make_consultation(db):
    return factories.make_consultation
