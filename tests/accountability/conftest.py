"""Personas and an assessment for the accountability tests.

erin    an editor (Editors group) with an authenticator app: writes and publishes assessments
mona    a moderator with an authenticator app: hides comments, may not touch assessments
alice   an affected participant whose comment and position the assessment cites
carol   a participant whose comment is hidden by moderation, then cited anyway
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import User
from accounts.services import profile_create
from consult.accountability.models import FundamentalRightsAssessment
from consult.discussion.models import Position
from consult.outcomes.models import CommentTheme, Theme
from tests import factories
from tests.outcomes.conftest import add_summary, comment

PASSWORD = "correct horse battery staple"

COMPLETE_REGISTRATION = {
    "deployer_name": "Transport authority",
    "deployer_address": "1 Station Square, Lyon",
    "deployer_email": "register@transport.example",
    "submitter_name": "Sam Officer",
    "submitter_address": "1 Station Square, Lyon",
    "submitter_phone": "+33 4 00 00 00 00",
    "provider_registration_url": "https://database.example.eu/entry/42",
    "findings_summary": "Scanning everyone interferes with privacy; alerts are checked by people.",
    "dpia_applicable": True,
    "dpia_summary": "High risk; non-matching images are deleted at once.",
}
ELEMENTS = {
    "deployer_processes": "Officers receive alerts from the station cameras.",
    "period_of_use": "A twelve-month trial.",
    "frequency_of_use": "Every day, from 6am to midnight.",
    "human_oversight_measures": "An officer checks every alert before acting.",
    "risk_response_measures": "A wrong stop is recorded and the listing checked in 48 hours.",
    "internal_governance": "The board answers for it; an ethics committee reviews audits.",
    "complaint_mechanisms": "A complaint form in each station, answered within 30 days.",
}


def person(email: str, *, group: str = "affected", groups: tuple[str, ...] = ()) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(user=user, display_name=email.split("@")[0].title(), stakeholder_group=group)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    if groups:
        TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def erin(db) -> User:
    return person("erin@example.org", group="public_body", groups=("Editors",))


@pytest.fixture
def mona(db) -> User:
    return person("mona@example.org", group="other", groups=("Moderators",))


@pytest.fixture
def alice(db) -> User:
    return person("alice@example.org")


@pytest.fixture
def carol(db) -> User:
    return person("carol@example.org", group="community")


@pytest.fixture
def system(db):
    return factories.make_ai_system("Station face matching")


@pytest.fixture
def consultation(index_page, system):
    """Closed ten days ago: the assessment can change "after the consultation"."""
    return factories.make_consultation(
        index_page, system=system, opens_in=timedelta(days=-40), lasts=timedelta(days=30)
    )


def group(name: str, *, comments=(), positions=(), themes=(), description="") -> dict:
    return {
        "type": "group",
        "value": {
            "name": name,
            "description": description,
            "comments": list(comments),
            "positions": list(positions),
            "themes": list(themes),
        },
    }


def risk(name: str, *, right: str = "privacy", comments=(), positions=(), themes=()) -> dict:
    value = group(name, comments=comments, positions=positions, themes=themes)["value"]
    return {"type": "risk", "value": {**value, "right": right}}


def make_assessment(
    system, consultation, *, groups=(), risks=(), publish=True, locale=None, **fields
) -> FundamentalRightsAssessment:
    assessment = FundamentalRightsAssessment(
        ai_system=system,
        consultation=consultation,
        live=False,
        affected_groups=list(groups) or [group("Daily passengers")],
        risks=list(risks) or [risk("Scanning of everyone's face")],
        **{**ELEMENTS, **COMPLETE_REGISTRATION, **fields},
    )
    if locale is not None:
        assessment.locale = locale
    assessment.full_clean()
    assessment.save()
    revision = assessment.save_revision()
    if publish:
        revision.publish()
    return assessment


@pytest.fixture
def cited(consultation, alice, carol):
    """What people said that the assessment cites: alice's comment and position, a theme
    tagging carol's comment, answered by a published summary."""
    raised = comment(consultation, alice, body="I take this line every morning to work.")
    tagged = comment(consultation, carol, body="Who checks the matches at night?")
    stance = Position.objects.create(
        consultation=consultation,
        user=alice,
        stance="oppose",
        reason="Being scanned daily is too much.",
        author_stakeholder_group="affected",
    )
    theme = Theme.objects.create(consultation=consultation, name="Checks at night")
    CommentTheme.objects.create(theme=theme, comment=tagged)
    summary = add_summary(consultation, [(theme, "<p>A person checks every match.</p>")])
    return {
        "comment": raised,
        "tagged": tagged,
        "position": stance,
        "theme": theme,
        "summary": summary,
    }
