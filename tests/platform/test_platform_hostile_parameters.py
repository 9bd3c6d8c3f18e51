"""Every GET endpoint x every query parameter it reads x hostile values answers below 500,
for an anonymous reader, a signed-in participant and staff (a superuser with MFA, in the
Moderators and Editors groups: the moderation queue, themes and exports read their
parameters only for staff).

Generated, so new endpoints are covered: tests/platform/endpoints.py walks the URLconf (the
Wagtail admin where no object id is needed, and every admin view of our own apps), fills
URL arguments with real ids from the demo content plus what it lacks, and records the
query parameters each endpoint looks up during a benign request; the open-data API's come
from its OpenAPI schema. Run it on PostgreSQL too: a NUL byte only breaks a query there.
"""

import re
from types import SimpleNamespace
from urllib.parse import urlencode

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
from consult.moderation.models import Appeal, ModerationDecision
from consult.moderation.services.campaigns import campaign_attach
from consult.outcomes import services as outcomes
from consult.outcomes.models import SummaryPage
from tests.platform import endpoints

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def world():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    english = Locale.get_default()
    consultation = ConsultationPage.objects.get(locale=english, slug="metro-face-recognition")
    participant = User.objects.get(email="priya@demo.consult")
    staff = User.objects.create_superuser(email="root@example.org", password="x")
    staff.groups.add(*Group.objects.filter(name__in=["Moderators", "Editors"]))
    TOTP.activate(staff, generate_totp_secret())
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
        concluded=SummaryPage.objects.filter(locale=english).first().get_parent().specific,
        participant=participant,
        staff=staff,
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


def api_query_parameters(client) -> dict[str, set[str]]:
    """The open data's query parameters per route, as its OpenAPI schema declares them."""
    schema = client.get("/api/v1/openapi.json").json()
    found = {}
    for path, operations in schema["paths"].items():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path.removeprefix("/"))
        found[route] = {
            parameter["name"]
            for operation in operations.values()
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        }
    return found


def test_every_url_pattern_is_covered_or_listed(world):
    # endpoints() raises for a pattern with arguments that nobody fills.
    routes = {endpoint.route for endpoint in endpoints.endpoints(world)}

    assert "comments/<int:pk>/" in routes
    assert f"{endpoints.ADMIN}exports/" in routes


def isolated_get(client, path: str):
    """A GET whose database error, if any, does not abort the test's transaction for every
    request after it (PostgreSQL refuses all statements in a transaction after an error)."""
    savepoint = transaction.savepoint_create()
    response = client.get(path)
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


@pytest.mark.parametrize("role", ["anonymous", "participant", "staff"])
def test_hostile_query_parameters_never_get_a_server_error(recording_client, world, role):
    client = recording_client
    person = {"anonymous": None, "participant": world.participant, "staff": world.staff}[role]
    from_schema = api_query_parameters(client)
    failures, tried = [], 0
    for endpoint in endpoints.endpoints(world):
        if person is not None:
            client.force_login(person)  # again: an endpoint may have signed them out
        endpoints.looked_up.clear()
        benign = isolated_get(client, endpoint.path)
        if benign.status_code >= 500:
            failures.append((endpoint.path, "", "", benign.status_code))
        parameters = endpoints.looked_up | from_schema.get(endpoint.route, set())
        for name in sorted(parameters):
            for value in HOSTILE:
                tried += 1
                response = isolated_get(client, f"{endpoint.path}?{urlencode({name: value})}")
                if response.status_code >= 500:
                    failures.append((endpoint.path, name, value[:20], response.status_code))

    assert tried > 100  # the parameters were found
    assert not failures, "\n".join(map(str, failures))
