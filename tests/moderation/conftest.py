"""Personas and factories for the moderation tests.

alice  a verified participant who writes comments
bob    a verified participant who reports them
mona   a moderator with an authenticator app (MFA on)
max    a second moderator with MFA on: reviews appeals of mona's decisions
nick   in the Moderators group without MFA: may not moderate
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import User
from consult.consultations.models import AISystem, ConsultationPage
from consult.discussion import services
from consult.discussion.models import DisplayMode
from tests import factories
from tests.discussion.conftest import make_user


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.CONSULT_RATE_LIMITS = dict.fromkeys(
        ("comment", "comment_edit", "position", "reaction", "flag"), "100000/m"
    )


def make_moderator(email: str, *, mfa: bool = True) -> User:
    user = make_user(email, display_name=email.split("@")[0].title())
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@example.org", display_name="Alice Martin", stakeholder_group="affected")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob@example.org", display_name="Bob Keller", stakeholder_group="academic")


@pytest.fixture
def mona(db) -> User:
    return make_moderator("mona@example.org")


@pytest.fixture
def max_(db) -> User:
    return make_moderator("max@example.org")


@pytest.fixture
def nick(db) -> User:
    return make_moderator("nick@example.org", mfa=False)


@pytest.fixture
def system(db) -> AISystem:
    return factories.make_ai_system("Station face matching")


@pytest.fixture
def make_consultation(index_page, system):
    def make(title: str = "Face recognition at stations", **kwargs) -> ConsultationPage:
        return factories.make_consultation(index_page, title, system=system, **kwargs)

    return make


@pytest.fixture
def consultation(make_consultation) -> ConsultationPage:
    return make_consultation()


@pytest.fixture
def post_comment():
    def post(consultation, author, body="A comment.", *, parent=None, mode=DisplayMode.NAMED):
        return services.comment_create(
            consultation=consultation, author=author, body=body, display_mode=mode, parent=parent
        )

    return post
