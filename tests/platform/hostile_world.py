"""What the hostile-input walks share: the values, the world they run in (the demo content
plus what it lacks), a client that records the query parameters each view looks up, and a
request whose server error leaves the test's transaction usable."""

import copy
from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
)

from accounts.models import User
from accounts.privacy.services import data_export_request
from cms.models import StandardPage
from consult.consultations.models import ConsultationPage
from consult.discussion.models import Comment, CommentState
from consult.discussion.services import comment_create
from consult.exports.services import spreadsheet_export_request
from consult.moderation.models import Appeal, HouseRule, ModerationDecision
from consult.moderation.services.campaigns import campaign_attach
from consult.outcomes import services as outcomes
from consult.outcomes.models import SummaryPage
from tests.built_once import rolled_back_at_end

HOSTILE = [
    "\x00",
    "²",
    "\u0661\u0662",  # 12 in Arabic-Indic digits: int() takes it, the database never sees it
    str(2**63 - 1),
    str(10**20),
    "-1",
    str(-(2**63) - 1),
    "1' OR '1'='1",
    "9" * 10_000,
]


def one_per_type(pages) -> list[Page]:
    first = {}
    for page in pages.specific():
        first.setdefault(type(page), page)
    return list(first.values())


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The world, built once per module (tests/built_once.py)."""
    with rolled_back_at_end(django_db_blocker):
        yield build()


@pytest.fixture
def world(shared_world, db):
    # A copy, as Django's setUpTestData gives: a test that changes an object in memory
    # leaves the next one the world as built.
    return copy.deepcopy(shared_world)


def build() -> SimpleNamespace:
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    english = Locale.get_default()
    consultation = ConsultationPage.objects.get(locale=english, slug="metro-face-recognition")
    participant = User.objects.get(email="priya@demo.consult")
    staff = User.objects.create_superuser(email="root@example.org", password="x")
    staff.groups.add(*Group.objects.filter(name__in=["Moderators", "Editors"]))
    TOTP.activate(staff, generate_totp_secret())
    # Staff who are not superusers: the moderators' tools decide by group.
    moderator = User.objects.create_user(email="moderator@example.org", password="x")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    TOTP.activate(moderator, generate_totp_secret())
    summary = SummaryPage.objects.filter(locale=english).first()
    visible = Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE)
    others = list(visible.exclude(author=participant).order_by("pk")[:2])
    own = comment_create(
        consultation=consultation, author=participant, body="My own words.", display_mode="named"
    )
    follow = outcomes.follow_start(consultation=consultation, user=participant)
    restricted = Page.objects.get(locale=english, slug="about").add_child(
        instance=StandardPage(title="Members only", slug="members-only")
    )
    collection = Collection.get_first_root_node().add_child(name="Restricted")
    document = get_document_model().objects.create(
        title="Notes", file=ContentFile(b"notes", name="notes.txt"), collection=collection
    )
    password = {"restriction_type": BaseViewRestriction.PASSWORD, "password": "secret"}
    return SimpleNamespace(
        consultation=consultation,
        summary=summary,
        concluded=summary.get_parent().specific,
        house_rule=HouseRule.objects.filter(locale=english).order_by("pk").first(),
        participant=participant,
        staff=staff,
        moderator=moderator,
        comment=others[0],
        own_comment=own,
        campaign=campaign_attach(comments=others),
        decision=ModerationDecision.objects.order_by("pk").first(),
        appeal=Appeal.objects.order_by("pk").first(),
        follow_confirm_token=outcomes.follow_token(follow, salt=outcomes.CONFIRM_SALT),
        follow_unsubscribe_token=outcomes.follow_token(follow, salt=outcomes.UNSUBSCRIBE_SALT),
        data_export=data_export_request(user=participant),
        spreadsheet=spreadsheet_export_request(user=staff, consultation=consultation),
        document=document,
        collection_restriction=CollectionViewRestriction.objects.create(
            collection=collection, **password
        ),
        page_restriction=restricted.view_restrictions.create(**password),
        # Wagtail serves them all through one pattern: a page of each type, and one that
        # asks for a password.
        pages=[*one_per_type(Page.objects.live().filter(locale=english, depth__gt=1)), restricted],
    )


@pytest.fixture
def recording_client(settings):
    settings.MIDDLEWARE = ["tests.platform.endpoints.record_query_lookups", *settings.MIDDLEWARE]
    # Thousands of requests from one address and one person: the limits are not under test.
    settings.CONSULT_RATE_LIMITS = {"api": "1000000/m"}
    return Client(raise_request_exception=False)


def isolated(send, path: str, data=None):
    """`send(path, data)` (a client's get or post) whose database error, if any, does not
    abort the test's transaction for every request after it (PostgreSQL refuses all
    statements in a transaction after an error)."""
    savepoint = transaction.savepoint_create()
    response = send(path, data)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response
