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

# The browser, axe and the console watch for test_moderation_queue_browser.py.
from tests.browser.conftest import axe, browser, pages  # noqa: F401

# The discussion's personas and consultation, shared rather than copied.
from tests.discussion.conftest import (  # noqa: F401
    alice,
    bob,
    consultation,
    make_consultation,
    make_user,
    post_comment,
    system,
)


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
def mona(db) -> User:
    return make_moderator("mona@example.org")


@pytest.fixture
def max_(db) -> User:
    return make_moderator("max@example.org")


@pytest.fixture
def nick(db) -> User:
    return make_moderator("nick@example.org", mfa=False)
