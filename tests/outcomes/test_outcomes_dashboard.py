"""The admin dashboard tells staff what waits for them: consultations closing within a week,
summaries due on closed consultations, and (for moderators) comments and appeals waiting."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consult.discussion.models import CommentState
from consult.outcomes.models import CommentTheme
from tests import factories
from tests.outcomes.conftest import add_summary, comment, make_user

pytestmark = pytest.mark.django_db


def _panel(html: str, panel_id: str) -> str:
    match = re.search(rf'id="{panel_id}-section".*?</section>', html, re.S)
    assert match, f"no panel {panel_id}"
    return match.group(0)


def _dashboard(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def moritz(db):
    user = make_user("moritz@example.org", group="public_body")
    user.groups.add(Group.objects.get(name="Editors"))
    user.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    TOTP.activate(user, generate_totp_secret())
    return user


def test_editors_see_consultations_closing_within_a_week(client, edith, index_page, system):
    soon = factories.make_consultation(
        index_page,
        "Closing soon",
        system=system,
        opens_in=timedelta(days=-20),
        lasts=timedelta(days=23),
    )
    factories.make_consultation(
        index_page,
        "Closing later",
        system=system,
        opens_in=timedelta(days=-1),
        lasts=timedelta(days=30),
    )
    client.force_login(edith)

    panel = _panel(_dashboard(client), "consultations-closing-soon")

    assert "Closing soon" in panel
    assert reverse("wagtailadmin_pages:edit", args=[soon.pk]) in panel
    assert "days left" in panel and "time," in panel  # the deadline, with its time zone
    assert "Closing later" not in panel


def test_summaries_due_link_to_writing_or_finishing_the_summary(
    client, edith, index_page, system, closed_consultation
):
    drafted = factories.make_consultation(
        index_page, "Drafted", system=system, opens_in=timedelta(days=-40), lasts=timedelta(days=30)
    )
    draft = add_summary(drafted, [], publish=False)
    client.force_login(edith)

    panel = _panel(_dashboard(client), "summaries-due")

    add = reverse(
        "wagtailadmin_pages:add", args=("outcomes", "summarypage", closed_consultation.pk)
    )
    assert add in panel
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in panel
    assert "a draft summary is waiting to be published" in panel


def test_a_published_outcome_is_no_longer_due(client, edith, closed_consultation, theme):
    CommentTheme.objects.create(
        theme=theme, comment=comment(closed_consultation, make_user("alice@example.org"))
    )
    add_summary(closed_consultation, [(theme, "<p>We agree.</p>")])
    client.force_login(edith)

    panel = _panel(_dashboard(client), "summaries-due")

    assert closed_consultation.title not in panel
    assert "Every closed consultation you edit has its outcome published." in panel


def test_moderators_see_what_waits_and_editors_do_not(client, edith, moritz, consultation):
    author = make_user("alice@example.org")
    comment(consultation, author, state=CommentState.HELD)
    comment(consultation, author, state=CommentState.HELD)

    client.force_login(edith)
    assert 'id="reports-waiting-section"' not in _dashboard(client)

    client.force_login(moritz)
    panel = _panel(_dashboard(client), "reports-waiting")
    assert "2 comments wait for a decision" in panel
    assert reverse("moderation:queue") in panel


def test_the_dashboard_runs_a_fixed_number_of_queries(client, moritz, index_page, system):
    client.force_login(moritz)
    author = make_user("alice@example.org")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _dashboard(client)
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            page = factories.make_consultation(
                index_page,
                f"Consultation {n}-{i}",
                system=system,
                opens_in=timedelta(days=-40 + i),
                lasts=timedelta(days=30 + 10 * (i % 2)),
            )
            comment(page, author, state=CommentState.HELD)

    add(1)
    count()  # warm Wagtail's per-process caches
    one = count()
    add(4)
    assert count() == one
