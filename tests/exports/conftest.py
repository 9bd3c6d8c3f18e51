"""Personas for the exports tests.

erin   an editor (Editors group) with an authenticator app: may export
eddie  an editor who has not turned MFA on yet
mona   a moderator (Moderators group) with an authenticator app: may not export
ed     another editor with an authenticator app: may export, but not have erin's spreadsheets
alice  a participant with a distinctive name, email and pseudonym
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import resolve, reverse

from accounts.models import Profile, User
from consult.discussion.models import Comment
from tests import factories


def make_user(email: str, *, groups=(), mfa=False, **profile) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery staple")
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    Profile.objects.create(
        user=user,
        display_name=profile.get("display_name", email.split("@")[0]),
        pseudonym=profile.get("pseudonym", f"Participant {abs(hash(email)) % 10**6}"),
        stakeholder_group=profile.get("stakeholder_group", "other"),
        research_consent=profile.get("research_consent", False),
    )
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if mfa:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def erin(db):
    return make_user("erin@example.org", groups=["Editors"], mfa=True)


@pytest.fixture
def ed(db):
    return make_user("ed@example.org", groups=["Editors"], mfa=True)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """The spreadsheets' storage, in the test's own directory."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    return tmp_path / "private"


def prepare_spreadsheet(client, consultation, *, build=True):
    """Ask for the XLSX as the signed-in editor does (a POST from its page); the background
    build runs when the request's transaction commits (the immediate backend), or not yet
    when `build` is False. Returns the response: a redirect to the spreadsheet's page."""
    url = reverse("exports_spreadsheet_request", args=[consultation.pk])
    with TestCase.captureOnCommitCallbacks(execute=build):
        return client.post(url)


def download_url(page_url: str) -> str:
    """The download of the spreadsheet whose page is at `page_url`."""
    return reverse("exports_spreadsheet_download", kwargs=resolve(page_url).kwargs)


@pytest.fixture
def eddie(db):
    return make_user("eddie@example.org", groups=["Editors"])


@pytest.fixture
def mona(db):
    return make_user("mona@example.org", groups=["Moderators"], mfa=True)


@pytest.fixture
def alice(db):
    return make_user(
        "zanzibar.quill@example.org",
        display_name="Zanzibar Quillfeather",
        pseudonym="Participant 424242",
        stakeholder_group="affected",
    )


@pytest.fixture
def consultation(index_page):
    system = factories.make_ai_system("Welfare fraud scoring")
    return factories.make_consultation(index_page, "Welfare scoring", system=system)


def add_comment(consultation, author, body: str, **fields) -> Comment:
    return Comment.objects.create(
        consultation=consultation,
        author=author,
        author_display_mode=fields.pop("author_display_mode", "pseudonym"),
        author_stakeholder_group=fields.pop("author_stakeholder_group", "affected"),
        body_source=body,
        body_html=f"<p>{body}</p>",
        **fields,
    )
