"""Deleting an account: confirmed by password, cancellable during the grace period, then
nothing of the person remains."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from privacy_support import rows_referencing, tables_containing

from accounts.models import Profile, User
from accounts.privacy.models import AccountDeletion
from accounts.privacy.tasks import privacy_purge
from consult.discussion.models import Comment, CommentRevision, Reaction
from consult.questionnaires.models import Response
from tests.privacy.conftest import ALICE_EMAIL, PASSWORD

pytestmark = pytest.mark.django_db


def ask_to_delete(client, mode: str, password: str = PASSWORD):
    return client.post(
        reverse("account_privacy_delete"), {"mode": mode, "password": password}, follow=True
    )


def purge_now():
    AccountDeletion.objects.update(due_at=timezone.now() - timedelta(seconds=1))
    call_command("purge_deleted_accounts", stdout=io.StringIO())


def identifying_traces(user_id: int) -> dict:
    """Everything in the database that still points at or names alice."""
    traces = {"references": rows_referencing(user_id)}
    for text in (ALICE_EMAIL, "Alice Martin", "Tenants of Rue Haute"):
        traces[text] = tables_containing(text)
    return {key: value for key, value in traces.items() if value}


def test_the_deletion_page_explains_and_asks_for_the_password(client, alice):
    client.force_login(alice)
    page = client.get(reverse("account_privacy_delete")).content.decode()
    assert 'type="password"' in page and 'autocomplete="current-password"' in page
    assert "former participant" in page
    assert "7 days" in page


def test_a_wrong_password_deletes_nothing(client, alice):
    client.force_login(alice)
    response = ask_to_delete(client, "delete", password="not my password")
    assert "That is not your password." in response.content.decode()
    assert not AccountDeletion.objects.exists()


def test_asking_schedules_the_deletion_and_signs_out(client, alice):
    client.force_login(alice)
    response = ask_to_delete(client, "anonymise")
    deletion = AccountDeletion.objects.get(user=alice)
    assert deletion.mode == "anonymise"
    expected = timezone.now() + timedelta(days=7)
    assert abs(deletion.due_at - expected) < timedelta(minutes=1)
    assert "change your mind" in response.content.decode()
    assert client.get(reverse("account_privacy")).status_code == 302


def test_signing_in_during_the_grace_period_lets_them_cancel(client, alice):
    client.force_login(alice)
    ask_to_delete(client, "delete")
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "scheduled for deletion" in page
    client.post(reverse("account_privacy_delete_cancel"))
    assert not AccountDeletion.objects.exists()
    purge_now()
    assert User.objects.filter(pk=alice.pk).exists()


def test_signing_in_during_the_grace_period_leads_to_the_cancel_button(client, alice):
    client.force_login(alice)
    ask_to_delete(client, "anonymise")
    response = client.post(
        reverse("account_login"), {"login": ALICE_EMAIL, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("account_privacy")
    assert reverse("account_privacy_delete_cancel") in response.content.decode()


def test_nothing_is_erased_before_the_grace_period_ends(client, alice):
    client.force_login(alice)
    ask_to_delete(client, "delete")
    call_command("purge_deleted_accounts", stdout=io.StringIO())
    assert User.objects.filter(pk=alice.pk).exists()


def test_anonymised_contributions_keep_their_words_and_nothing_that_identifies(
    client, alice, seeded
):
    other_device = Client()
    other_device.force_login(alice)
    client.force_login(alice)
    ask_to_delete(client, "anonymise")
    purge_now()

    assert not User.objects.filter(pk=alice.pk).exists()
    assert not Profile.objects.filter(user_id=alice.pk).exists()
    assert not EmailAddress.objects.filter(email=ALICE_EMAIL).exists()
    assert not Authenticator.objects.filter(user_id=alice.pk).exists()
    kept = Comment.objects.filter(pk__in=[seeded["replied"].pk, seeded["alone"].pk])
    assert sorted(kept.values_list("body_source", flat=True)) == [
        "I live near the station.",
        "Who audits it?",
    ]
    assert set(kept.values_list("author_id", flat=True)) == {None}
    assert CommentRevision.objects.filter(comment=seeded["replied"]).exists()
    response = Response.objects.get()
    assert response.user_id is None and response.answers["q4"] == "It would follow me home."
    assert identifying_traces(alice.pk) == {}

    page = client.get(seeded["consultation"].url).content.decode()
    assert "Who audits it?" in page
    assert "Former participant" in page


def test_deleted_contributions_leave_tombstones_only_where_others_replied(
    client, alice, bob, seeded
):
    client.force_login(alice)
    ask_to_delete(client, "delete")
    purge_now()

    replied = Comment.objects.get(pk=seeded["replied"].pk)
    assert replied.state == "removed_by_author"
    assert replied.body_source == replied.body_html == ""
    assert replied.author_id is None
    assert not CommentRevision.objects.filter(comment=replied).exists()
    assert not Comment.objects.filter(pk__in=[seeded["alone"].pk, seeded["alices_reply"].pk])
    bobs = Comment.objects.get(pk=seeded["bobs"].pk)
    assert bobs.body_source == "Agreed, and so do I."
    # alice's agreement is gone, and the counter the page shows agrees with the rows.
    assert bobs.agree_count == Reaction.objects.filter(comment=bobs).count() == 0
    assert replied.agree_count == 1
    assert not Response.objects.exists()
    assert identifying_traces(alice.pk) == {}
    for words in ("near the station", "Who audits it?", "Thank you Bob", "follow me home"):
        assert tables_containing(words) == {}, words


def test_the_scheduled_task_erases_due_accounts(client, alice, bob):
    client.force_login(alice)
    ask_to_delete(client, "delete")
    AccountDeletion.objects.update(due_at=timezone.now() - timedelta(seconds=1))
    result = privacy_purge.enqueue()
    assert result.return_value == {"accounts": 1, "exports": 0}
    assert list(User.objects.values_list("email", flat=True)) == ["bob@example.org"]
