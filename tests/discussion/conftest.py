"""Personas and factories for the discussion tests.

alice  a verified participant, affected person, takes part under her pseudonym
bob    a verified participant, academic at the Institute of Ethics, takes part under his name
una    signed up but never confirmed her email address
mona   a moderator (Moderators group)
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from accounts.models import User
from accounts.services import profile_create
from consult.consultations import impact
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage
from consult.discussion import services
from consult.discussion.models import DisplayMode

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


@pytest.fixture
def alice(db) -> User:
    return make_user("alice@example.org", display_name="Alice Martin", stakeholder_group="affected")


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
def index_page(db) -> ConsultationIndexPage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    page = ConsultationIndexPage(title="Consultations", slug="consultations")
    home.add_child(instance=page)
    return page


@pytest.fixture
def system(db) -> AISystem:
    lowest = {
        question.field_name: min(question.choices, key=lambda choice: choice.points).value
        for question in impact.QUESTIONS
    }
    system = AISystem(
        name="Station face matching",
        slug="station-face-matching",
        deploying_body="Metro Authority",
        purpose="Finds people sought by a warrant.",
        plain_language_explainer="Cameras compare faces with a list.",
        live=False,
        **lowest,
    )
    system.save()
    system.save_revision().publish()
    return system


def _consultation(
    parent: Page, title: str, system, *, opens_in=timedelta(days=-1), lasts=timedelta(days=30)
):
    opens_at = timezone.now() + opens_in
    page = ConsultationPage(
        title=title,
        slug=slugify(title),
        summary=f"What we plan to do: {title}.",
        opens_at=opens_at,
        closes_at=opens_at + lasts,
        ai_system=system,
    )
    parent.add_child(instance=page)
    return page


@pytest.fixture
def make_consultation(index_page, system):
    def make(title: str = "Face recognition at stations", **kwargs) -> ConsultationPage:
        return _consultation(index_page, title, system, **kwargs)

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
