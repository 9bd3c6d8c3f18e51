"""The demo content that `make run` loads: complete, bilingual and idempotent."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision

from accounts.models import Profile, StakeholderGroup, User
from consult.consultations.models import AISystem, ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.discussion.models import Comment
from consult.moderation.models import Appeal, ModerationDecision
from tests.accounts.test_accounts_mfa import current_code


def load():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


def snapshot():
    return (
        User.objects.count(),
        Page.objects.count(),
        AISystem.objects.count(),
        Revision.objects.count(),
        Comment.objects.count(),
        ModerationDecision.objects.count(),
        Appeal.objects.count(),
    )


@pytest.mark.django_db
def test_demo_content_is_idempotent():
    load()
    first = snapshot()
    load()
    assert snapshot() == first


@pytest.mark.django_db
def test_demo_has_the_three_consultations_in_both_languages(client):
    load()
    for language in ("en", "fr"):
        pages = ConsultationPage.objects.live().filter(locale__language_code=language)
        statuses = sorted(page.status for page in pages)
        # The closed one has its outcome published (its summary is part of the demo).
        assert statuses == sorted(
            [ConsultationStatus.OPEN, ConsultationStatus.OPEN, ConsultationStatus.OUTCOME_PUBLISHED]
        )
    for path in (
        "/consultations/metro-face-recognition/",
        "/fr/consultations/metro-face-recognition/",
        "/consultations/forum-automated-moderation/",
        "/consultations/benefits-eligibility-chatbot/",
        "/consultations/benefits-eligibility-chatbot/summary/",
        "/ai-systems/metro-face-recognition/",
        "/fr/ai-systems/metro-face-recognition/",
        "/about/",
        "/fr/about/",
    ):
        assert client.get(path).status_code == 200, path
    french = client.get("/fr/consultations/metro-face-recognition/").content.decode()
    assert "Reconnaissance faciale dans les stations de métro" in french


@pytest.mark.django_db
def test_demo_people_cover_every_stakeholder_group_and_the_staff_roles(client):
    load()
    groups = set(Profile.objects.values_list("stakeholder_group", flat=True))
    assert groups == set(StakeholderGroup.values)
    assert User.objects.filter(groups__name="Editors", email="editor@demo.consult").exists()
    assert User.objects.filter(groups__name="Moderators", email="moderator@demo.consult").exists()
    # Their email addresses are verified, so the printed logins work at once.
    response = client.post(
        "/accounts/login/", {"login": "amina@demo.consult", "password": "consult-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


@pytest.mark.django_db
def test_demo_card_history_shows_a_change():
    load()
    card = AISystem.objects.get(slug="metro-face-recognition", locale__language_code="en")
    assert card.live
    assert card.revisions.count() == 2
    assert "12-month" in card.scope


@pytest.mark.django_db
def test_demo_questions_share_their_ids_across_languages():
    load()
    pages = ConsultationPage.objects.filter(slug="metro-face-recognition")
    ids = {page.locale.language_code: [block.id for block in page.questions] for page in pages}
    assert ids["en"] == ids["fr"]
    assert len(ids["en"]) == 3


@pytest.mark.django_db
def test_the_demo_transparency_report_shows_a_week_of_moderation(client):
    load()

    report = client.get("/transparency.json").json()

    # An automated hold a moderator approved, a hide under the spam rule, and a hide off
    # topic that another moderator reversed on appeal.
    assert report["decisions"] == 5
    taken = {action: n for action, n in report["by_action"].items() if n}
    assert taken == {"hold": 1, "approve": 1, "hide": 2, "restore": 1}
    assert report["by_decider"] == {"automated": 1, "premoderation": 0, "human": 4}
    assert report["holds"]["automated"] == report["holds"]["automated_approved"] == 1
    assert report["holds"]["median_seconds_to_decision"] == 4 * 3600
    assert report["appeals"] == {"filed": 1, "pending": 0, "upheld": 0, "reversed": 1}
    page = client.get("/consultations/metro-face-recognition/").content.decode()
    assert "under the house rule “No spam”" in page
    assert "Les loyers autour de la gare du Nord" in page
    assert "fare dodgers are vermin" in page


@pytest.mark.django_db
def test_two_moderators_sign_in_with_the_printed_authenticator_secret():
    out = io.StringIO()
    call_command("load_demo_content", stdout=out)
    printed = out.getvalue()
    secret = re.search(r"demo-only secret: ([A-Z2-7]+)", printed).group(1)
    password = re.search(r"password for every demo account: (\S+)", printed).group(1)
    moderators = re.findall(r"^  (\S+@demo\.consult) +(?:a second )?moderator", printed, re.M)
    assert len(moderators) == 2

    for email in moderators:
        client = Client()
        response = client.post("/accounts/login/", {"login": email, "password": password})
        assert response.url == "/accounts/2fa/authenticate/"
        response = client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
        assert response.status_code == 302
        assert client.get("/moderation/").status_code == 200, email
