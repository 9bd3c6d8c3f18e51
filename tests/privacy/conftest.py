"""Personas and a seeded participant for the privacy tests.

alice  a participant who has done everything: comments (one replied to), a reply, a position,
       reactions, a questionnaire response, an authenticator app, a consent, a data export
bob    a participant who replies to alice and reacts to her comment
mona   a moderator with an authenticator app, who may look behind pseudonyms
"""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Site

from accounts.models import User
from accounts.privacy import services as privacy
from accounts.privacy.models import ConsentPurpose
from accounts.services import profile_create
from consult.consultations.models import AISystem, ConsultationIndexPage, ConsultationPage
from consult.discussion import services as discussion
from consult.questionnaires.models import Response
from tests.factories import LOW_ANSWERS

PASSWORD = "correct horse battery staple"
ALICE_EMAIL = "alice.martin@example.org"


@pytest.fixture(autouse=True)
def generous_rate_limits(settings):
    settings.CONSULT_RATE_LIMITS = dict.fromkeys(
        ("comment", "comment_edit", "position", "reaction"), "100000/m"
    )


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    storages = {**settings.STORAGES}
    storages["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "private"},
    }
    settings.STORAGES = storages
    return tmp_path / "private"


def make_user(email: str, **profile) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    profile_create(user=user, **profile)
    return user


@pytest.fixture
def alice(db) -> User:
    return make_user(
        ALICE_EMAIL,
        display_name="Alice Martin",
        stakeholder_group="community",
        organisation="Tenants of Rue Haute",
    )


@pytest.fixture
def bob(db) -> User:
    return make_user("bob@example.org", display_name="Bob Keller", stakeholder_group="academic")


@pytest.fixture
def mona(db) -> User:
    user = make_user("mona@example.org", display_name="Mona Moderator")
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def consultation(db) -> ConsultationPage:
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = ConsultationIndexPage(title="Consultations", slug="consultations")
    home.add_child(instance=index)
    system = AISystem(
        name="Station face matching",
        slug="station-face-matching",
        deploying_body="Metro Authority",
        purpose="Finds people sought by a warrant.",
        plain_language_explainer="Cameras compare faces with a list.",
        live=False,
        **LOW_ANSWERS,
    )
    system.save()
    system.save_revision().publish()
    opens_at = timezone.now() - timedelta(days=1)
    page = ConsultationPage(
        title="Face recognition at stations",
        slug="face-recognition",
        summary="Cameras compare faces with a watch list.",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=30),
        ai_system=system,
    )
    index.add_child(instance=page)
    return page


@pytest.fixture
def seeded(alice, bob, mona, consultation):
    """alice's full footprint, plus bob's reply to her, so deletion has threads to respect."""
    replied = discussion.comment_create(
        consultation=consultation,
        author=alice,
        body="I live by Alice's station and **object**.",
        display_mode="pseudonym",
    )
    discussion.comment_edit(comment=replied, author=alice, body="I live near the station.")
    alone = discussion.comment_create(
        consultation=consultation, author=alice, body="Who audits it?", display_mode="named"
    )
    bobs = discussion.comment_create(
        consultation=consultation,
        author=bob,
        body="Agreed, and so do I.",
        display_mode="named",
        parent=replied,
    )
    alices_reply = discussion.comment_create(
        consultation=consultation,
        author=alice,
        body="Thank you Bob.",
        display_mode="pseudonym",
        parent=bobs,
    )
    discussion.position_set(consultation=consultation, user=alice, stance="oppose", reason="Bias")
    discussion.reaction_set(comment=bobs, user=alice, value="agree")
    discussion.reaction_set(comment=replied, user=bob, value="agree")
    Response.objects.create(
        consultation=consultation,
        user=alice,
        answers={"q1": 2, "q4": "It would follow me home."},
        stakeholder_group="community",
        organisation="Tenants of Rue Haute",
    )
    TOTP.activate(alice, generate_totp_secret())
    privacy.consent_set(user=alice, purpose=ConsentPurpose.RESEARCH, granted=True)
    privacy.identity_reveal(
        accessor=mona, subject=alice, reason="Threat report", consultation=consultation
    )
    return {
        "replied": replied,
        "alone": alone,
        "bobs": bobs,
        "alices_reply": alices_reply,
        "consultation": consultation,
    }
