"""Following a consultation: one click when signed in, double opt-in by email without an
account, one-click unsubscribing from every mail, and the announcements of opening and
closing (idempotent)."""

import email.policy
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.deletion import account_erase
from consult.notifications.models import Notification
from consult.outcomes.models import ConsultationEvent, Follow
from tests import factories
from tests.outcomes.conftest import make_user


def link(message, path_start: str) -> str:
    """The path of the first link in `message` whose path starts with `path_start`."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S+)", message.body)
    assert match, message.body
    return match.group(1)


def follow_by_email(client, consultation, email="reader@example.net", *, capture):
    with capture(execute=True):
        return client.post(reverse("outcomes:follow", args=[consultation.pk]), {"email": email})


def test_a_signed_in_participant_follows_in_one_click(client, alice, consultation):
    client.force_login(alice)

    response = client.post(reverse("outcomes:follow", args=[consultation.pk]))

    assert response.status_code == 302 and response.url == consultation.url
    follow = Follow.objects.get()
    assert follow.user == alice and follow.confirmed_at is not None
    page = client.get(consultation.url).content.decode()
    assert reverse("outcomes:unfollow", args=[consultation.pk]) in page

    client.post(reverse("outcomes:unfollow", args=[consultation.pk]))
    assert not Follow.objects.exists()


def test_following_by_email_needs_the_confirmation_link(
    client, consultation, django_capture_on_commit_callbacks
):
    response = follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    follow = Follow.objects.get()
    assert follow.email == "reader@example.net" and follow.confirmed_at is None
    (message,) = mail.outbox
    assert message.to == ["reader@example.net"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = link(message, "/follows/confirm/")

    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    assert client.get(confirm).status_code == 200
    follow.refresh_from_db()
    assert follow.confirmed_at is None
    response = client.post(confirm)
    assert response.status_code == 302
    follow.refresh_from_db()
    assert follow.confirmed_at is not None


def test_a_forged_or_altered_confirmation_link_is_refused(
    client, consultation, django_capture_on_commit_callbacks
):
    follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)
    confirm = link(mail.outbox[0], "/follows/confirm/")

    response = client.post(confirm[:-3] + "xyz/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert Follow.objects.get().confirmed_at is None


def test_a_bad_address_is_refused_and_kept(client, consultation):
    response = client.post(reverse("outcomes:follow", args=[consultation.pk]), {"email": "nope@"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="nope@"' in page
    assert not Follow.objects.exists()


def test_asking_twice_for_a_confirmed_address_sends_nothing_new(
    client, consultation, django_capture_on_commit_callbacks
):
    Follow.objects.create(
        consultation=consultation, email="reader@example.net", confirmed_at=timezone.now()
    )

    response = follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)

    assert "Check your inbox" in response.content.decode()
    assert mail.outbox == []


def test_follow_requests_are_rate_limited_per_address(
    client, consultation, settings, django_capture_on_commit_callbacks
):
    settings.CONSULT_RATE_LIMITS = {"follow_email": "100/h", "follow_email_address": "2/d"}
    for _attempt in range(2):
        follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)

    response = follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)

    assert response.status_code == 429
    assert "too often" in response.content.decode()
    assert len(mail.outbox) == 2


def test_the_unsubscribe_link_stops_the_mail_in_one_post(
    client, consultation, django_capture_on_commit_callbacks
):
    follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)
    unsubscribe = link(mail.outbox[0], "/follows/unsubscribe/")

    assert client.get(unsubscribe).status_code == 200
    assert Follow.objects.exists()
    # What a mail client's one-click button sends (RFC 8058): no session, no CSRF token.
    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not Follow.objects.exists()


@pytest.fixture
def opening(index_page, system):
    """Opened an hour ago, closes in a month."""
    return factories.make_consultation(
        index_page, "Opening now", system=system, opens_in=timedelta(hours=-1)
    )


def test_followers_hear_once_when_a_consultation_opens(
    alice, opening, django_capture_on_commit_callbacks
):
    Follow.objects.create(consultation=opening, user=alice, confirmed_at=timezone.now())
    Follow.objects.create(consultation=opening, email="late@example.net")  # unconfirmed

    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_consultation_changes", stdout=None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_consultation_changes", stdout=None)

    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "is open" in message.subject
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert ConsultationEvent.objects.get().kind == "opened"
    assert Notification.objects.get(user=alice).kind == "consultation_opened"


def test_followers_hear_when_a_consultation_closes(
    alice, index_page, system, django_capture_on_commit_callbacks
):
    closed = factories.make_consultation(
        index_page, "Just closed", system=system, opens_in=timedelta(days=-30, hours=-1)
    )
    Follow.objects.create(consultation=closed, user=alice, confirmed_at=timezone.now())
    # Opened a month ago: old news, not announced now.

    with django_capture_on_commit_callbacks(execute=True):
        call_command("announce_consultation_changes", stdout=None)

    (message,) = mail.outbox
    assert "has closed" in message.subject
    assert list(ConsultationEvent.objects.values_list("kind", flat=True)) == ["closed"]


def test_deleting_an_account_removes_its_follows(alice, consultation, closed_consultation):
    Follow.objects.create(consultation=consultation, user=alice, confirmed_at=timezone.now())
    Follow.objects.create(consultation=closed_consultation, email="Alice@Example.org")

    account_erase(user=alice, mode="anonymise")

    assert not Follow.objects.exists()


def test_addresses_nobody_confirmed_are_forgotten_after_a_week(consultation):
    old = Follow.objects.create(consultation=consultation, email="old@example.net")
    Follow.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    Follow.objects.create(consultation=consultation, email="new@example.net")
    kept = Follow.objects.create(
        consultation=consultation, email="kept@example.net", confirmed_at=timezone.now()
    )
    Follow.objects.filter(pk=kept.pk).update(created_at=timezone.now() - timedelta(days=80))

    call_command("announce_consultation_changes", stdout=None)

    assert sorted(Follow.objects.values_list("email", flat=True)) == [
        "kept@example.net",
        "new@example.net",
    ]


def test_an_unconfirmed_address_cannot_follow_until_confirmed(client, consultation):
    ursula = make_user("ursula@example.org")
    ursula.emailaddress_set.update(verified=False)
    client.force_login(ursula)

    response = client.post(reverse("outcomes:follow", args=[consultation.pk]), follow=True)

    assert "Confirm your email address first" in response.content.decode()
    assert not Follow.objects.exists()


def test_list_unsubscribe_goes_out_as_a_plain_url_in_the_raw_message(
    client, consultation, django_capture_on_commit_callbacks
):
    follow_by_email(client, consultation, capture=django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    # As the SMTP backend writes it (email.policy.SMTP folds at 78 characters).
    raw = message.message(policy=email.policy.SMTP).as_bytes().decode("ascii")
    header = re.search(r"^List-Unsubscribe: (.*?)\r\n(?![ \t])", raw, re.M | re.S).group(1)
    assert re.fullmatch(r"<http://127\.0\.0\.1:\d+/follows/unsubscribe/[^\s>]+/>", header)
    assert "=?utf-8?" not in header
    assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in raw


def test_the_follow_page_sets_no_cookie_for_someone_without_an_account(
    consultation, django_capture_on_commit_callbacks
):
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(reverse("outcomes:follow", args=[consultation.pk]))

    assert page.status_code == 200
    assert not page.cookies and "csrfmiddlewaretoken" not in page.text
    action = reverse("outcomes:follow_by_email", args=[consultation.pk])
    assert f'action="{action}"' in page.text
    with django_capture_on_commit_callbacks(execute=True):
        sent = visitor.post(action, {"email": "reader@example.net"})
    assert sent.status_code == 200 and "Check your inbox" in sent.text
    assert [m.to for m in mail.outbox] == [["reader@example.net"]]


def test_signed_in_follows_still_need_the_csrf_token(alice, consultation):
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(alice)

    refused = signed_in.post(reverse("outcomes:follow", args=[consultation.pk]))

    assert refused.status_code == 403
    assert not Follow.objects.exists()
    assert signed_in.post(
        reverse("outcomes:follow_by_email", args=[consultation.pk]), {"email": "x@example.net"}
    ).url == reverse("outcomes:follow", args=[consultation.pk])
    assert not Follow.objects.exists()
