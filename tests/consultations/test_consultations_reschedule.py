"""Editors open and close a consultation now from its admin page, and cannot move its
closing date before the contributions it already received."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.consultations.status import ConsultationStatus
from consult.discussion.models import Comment
from consult.outcomes.models import Follow
from tests.consultations.test_consultations_admin import consultation_form

pytestmark = pytest.mark.django_db


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def now_url(page, action: str) -> str:
    return reverse("consultations_reschedule_now", args=[page.pk, action])


def test_editor_closes_an_open_consultation_now(
    client, erin, index_page, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()
    client.force_login(erin)

    editor = client.get(edit_url(page)).content.decode()
    assert now_url(page, "close") in editor
    assert now_url(page, "open") not in editor
    confirm = client.get(now_url(page, "close"))
    assert confirm.status_code == 200
    assert "Station cameras" in confirm.content.decode()

    before = timezone.now().replace(microsecond=0)
    response = client.post(now_url(page, "close"), follow=True)

    page.refresh_from_db()
    assert before <= page.closes_at <= timezone.now()
    assert page.status == ConsultationStatus.CLOSED
    assert page.live_revision.as_object().closes_at == page.closes_at
    assert "is closed" in response.content.decode()
    entry = PageLogEntry.objects.get(page=page, action="consultations.closed_now")
    assert entry.user == erin
    public = client.get(page.url).content.decode()
    assert "Closed" in public


def test_editor_opens_an_upcoming_consultation_with_its_translation(
    client, erin, index_page, french_index, french, make_system, make_consultation
):
    page = make_consultation(
        index_page, "Station cameras", system=make_system(), opens_in=timedelta(days=3)
    )
    page.save_revision().publish()
    translation = page.copy_for_translation(french)
    translation.save_revision().publish()
    client.force_login(erin)
    assert now_url(page, "open") in client.get(edit_url(page)).content.decode()

    client.post(now_url(translation, "open"))

    for opened in (page, translation):
        opened.refresh_from_db()
        assert opened.status == ConsultationStatus.OPEN
    assert page.opens_at == translation.opens_at


def test_an_unpublished_draft_keeps_its_changes_and_takes_the_new_date(
    client, erin, index_page, make_system, make_consultation
):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    page.save_revision().publish()
    draft = page.get_latest_revision_as_object()
    draft.title = "Station cameras (revised)"
    draft.save_revision()
    client.force_login(erin)

    client.post(now_url(page, "close"))

    page.refresh_from_db()
    assert page.title == "Station cameras"  # the draft is still a draft
    latest = page.get_latest_revision_as_object()
    assert latest.title == "Station cameras (revised)"
    assert latest.closes_at == page.closes_at
    assert page.has_unpublished_changes


def test_closing_a_closed_consultation_says_why_not(
    client, erin, index_page, make_system, make_consultation
):
    page = make_consultation(
        index_page, "Station cameras", system=make_system(), opens_in=timedelta(days=-40)
    )
    client.force_login(erin)
    closes_at = page.closes_at

    response = client.post(now_url(page, "close"), follow=True)

    assert "Only an open consultation can be closed now." in response.content.decode()
    page.refresh_from_db()
    assert page.closes_at == closes_at


def test_only_those_who_may_publish_reschedule(client, index_page, make_system, make_consultation):
    page = make_consultation(index_page, "Station cameras", system=make_system())
    moderator = User.objects.create_user(email="mo@example.org", password="x" * 20)
    moderator.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    client.force_login(moderator)
    closes_at = page.closes_at

    response = client.post(now_url(page, "close"))

    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.closes_at == closes_at


def test_a_closing_date_before_the_latest_contribution_is_refused(
    client, erin, index_page, make_system, make_consultation
):
    system = make_system()
    page = make_consultation(index_page, "Station cameras", system=system)
    author = User.objects.create_user(email="p@example.org", password="x" * 20)
    Comment.objects.create(
        consultation=page,
        author=author,
        author_display_mode="pseudonym",
        author_stakeholder_group="affected",
        body_source="Posted this morning.",
        body_html="<p>Posted this morning.</p>",
    )
    client.force_login(erin)
    opens = timezone.localtime(page.opens_at)
    too_early = (opens + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M")
    data = consultation_form(
        system,
        title=page.title,
        slug=page.slug,
        opens_at=opens.strftime("%Y-%m-%d %H:%M"),
        closes_at=too_early,
    )

    response = client.post(edit_url(page), data)

    assert response.status_code == 200
    errors = response.context["form"].errors["closes_at"]
    assert "cannot have closed before then" in errors[0]
    assert ConsultationPage.objects.get(pk=page.pk).closes_at == page.closes_at

    later = timezone.localtime(page.closes_at + timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    accepted = client.post(edit_url(page), {**data, "closes_at": later})
    assert accepted.status_code == 302


def test_the_scheduler_tells_followers_within_the_minute(
    client, erin, index_page, make_system, make_consultation, django_capture_on_commit_callbacks
):
    page = make_consultation(
        index_page, "Station cameras", system=make_system(), opens_in=timedelta(days=-20)
    )
    page.save_revision().publish()
    follower = User.objects.create_user(email="fiona@example.org", password="x" * 20)
    Follow.objects.create(consultation=page, user=follower, confirmed_at=timezone.now())
    client.force_login(erin)
    client.post(now_url(page, "close"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_scheduler", "--once", stdout=io.StringIO())

    (message,) = mail.outbox
    assert message.to == ["fiona@example.org"]
    assert "has closed" in message.subject
    assert "Station cameras" in message.subject


def test_one_failing_job_does_not_stop_the_others(monkeypatch, caplog):
    from cms.management.commands import run_scheduler

    monkeypatch.setattr(
        run_scheduler, "EVERY_MINUTE", (("no_such_command",), ("announce_consultation_changes",))
    )
    out = io.StringIO()

    call_command("run_scheduler", "--once", stdout=out)

    assert "Scheduled job no_such_command failed" in caplog.text
    assert "Announced 0 opened and 0 closed" in out.getvalue()
