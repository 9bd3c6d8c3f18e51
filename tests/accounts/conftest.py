"""Personas and helpers for the accounts tests.

alice  a participant with a verified email address and a profile
bob    an editor (Wagtail's Editors group), not staff, without MFA
carol  a superuser with an authenticator app (TOTP)
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.services import profile_create

PASSWORD = "correct horse battery staple"


def make_user(email: str, *, verified: bool = True, **extra) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@pytest.fixture
def alice(db) -> User:
    user = make_user("alice@example.org")
    profile_create(user=user, display_name="Alice Martin", stakeholder_group="affected")
    return user


@pytest.fixture
def bob(db) -> User:
    user = make_user("bob@example.org")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def totp_secret() -> str:
    return generate_totp_secret()


@pytest.fixture
def carol(db, totp_secret) -> User:
    user = make_user("carol@example.org", is_staff=True, is_superuser=True)
    TOTP.activate(user, totp_secret)
    return user
