"""Personas of the outcomes (edith the editor with MFA, alice, mallory) and comments posted
through the discussion's service, so the embedding task runs as it does in production."""

import pytest
from django.contrib.auth.models import Group

from accounts.models import User
from consult.discussion.services import comment_create
from tests.outcomes.conftest import (  # noqa: F401 - fixtures
    alice,
    closed_consultation,
    consultation,
    edith,
    make_user,
    mallory,
    system,
)


@pytest.fixture(autouse=True)
def embeddings_on(settings):
    settings.CONSULT_COMMENT_EMBEDDINGS = True
    settings.CONSULT_RATE_LIMITS = {"comment": "100000/m", "theme_suggestions": "100000/m"}


@pytest.fixture
def moderator(db) -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = make_user("morgan@example.org", group="public_body")
    user.groups.add(Group.objects.get(name="Moderators"))
    TOTP.activate(user, generate_totp_secret())
    return user


def post(page, author, body: str, *, language: str = "en", consent: bool | None = None):
    return comment_create(
        consultation=page,
        author=author,
        body=body,
        display_mode="pseudonym",
        automated_analysis=consent,
        language=language,
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs the block's after-commit work (the tasks) at its end, as
    the block's transaction committing would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
