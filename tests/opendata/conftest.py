"""Personas for the open-data tests.

zed    consents to research use; his name, email, organisation and pseudonym are strings
       that appear nowhere else, so a leak of any of them is found
ona    opted out of research use
cal    consents in her profile, but kept one comment out of the research data
"""

import pytest
from allauth.account.models import EmailAddress

from accounts.models import Profile, User
from consult.discussion.models import Comment
from tests import factories

ZED_SECRETS = ("Xylophone", "xylophone", "Quasarian", "Quasar Collective", "777123", "@")
ADDRESS = "203.0.113.77"


def make_user(email, *, consent, **profile) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery staple")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    Profile.objects.create(user=user, research_consent=consent, **profile)
    return user


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.CONSULT_RATE_LIMITS = {"api": "100000/m"}


@pytest.fixture
def zed(db):
    return make_user(
        "xylophone.quasar@example.org",
        consent=True,
        display_name="Xylophone Quasarian",
        pseudonym="Participant 777123",
        organisation="Quasar Collective",
        stakeholder_group="civil_society",
    )


@pytest.fixture
def ona(db):
    return make_user(
        "ona@example.org", consent=False, display_name="Ona Out", pseudonym="Participant 5"
    )


@pytest.fixture
def cal(db):
    return make_user(
        "cal@example.org", consent=True, display_name="Cal Careful", pseudonym="Participant 6"
    )


@pytest.fixture
def consultation(index_page):
    system = factories.make_ai_system("Border risk scoring")
    return factories.make_consultation(index_page, "Border checks", system=system)


def add_comment(consultation, author, body, **fields) -> Comment:
    return Comment.objects.create(
        consultation=consultation,
        author=author,
        author_display_mode=fields.pop("author_display_mode", "pseudonym"),
        author_stakeholder_group=fields.pop("author_stakeholder_group", "civil_society"),
        author_organisation=fields.pop("author_organisation", ""),
        body_source=body,
        body_html=f"<p>{body}</p>",
        research_use=fields.pop("research_use", True),
        **fields,
    )


@pytest.fixture
def api(client):
    def get(path, **params):
        response = client.get(f"/api/v1{path}", params, REMOTE_ADDR=ADDRESS)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response

    return get
