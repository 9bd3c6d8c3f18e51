"""Personas and factories for the discussion tests.

alice  a verified participant, affected person, takes part under her pseudonym
bob    a verified participant, academic at the Institute of Ethics, takes part under his name
una    signed up but never confirmed her email address
mona   a moderator (Moderators group)
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.services import profile_create
from consult.consultations.models import AISystem, ConsultationPage
from consult.discussion import services
from consult.discussion.models import DisplayMode
from tests import factories
from tests.factories import make_ai_system

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    # Tests post far faster than people; the rate-limit test sets its own.
    settings.CONSULT_RATE_LIMITS = dict.fromkeys(
        ("comment", "comment_edit", "position", "reaction"), "100000/m"
    )


def make_user(email: str, *, verified: bool = True, **profile) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    profile_create(user=user, **profile)
    return user


def make_alice() -> User:
    return make_user("alice@example.org", display_name="Alice Martin", stakeholder_group="affected")


@pytest.fixture
def alice(db) -> User:
    return make_alice()


@pytest.fixture
def bob(db) -> User:
    return make_user(
        "bob@example.org",
        display_name="Bob Keller",
        stakeholder_group="academic",
        organisation="Institute of Ethics",
    )


@pytest.fixture
def una(db) -> User:
    return make_user("una@example.org", verified=False, display_name="Una Unverified")


@pytest.fixture
def mona(db) -> User:
    user = make_user("mona@example.org", display_name="Mona Moderator")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    return user


@pytest.fixture
def system(db) -> AISystem:
    return make_ai_system("Station face matching")


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


@pytest.fixture
def page_html(client):
    def get(consultation, **params) -> str:
        response = client.get(consultation.url, params)
        assert response.status_code == 200
        return response.content.decode()

    return get
