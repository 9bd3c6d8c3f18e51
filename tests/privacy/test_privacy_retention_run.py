"""Retention applied: after a consultation's outcome has been public for
CONSULT_RETENTION_AFTER_OUTCOME_DAYS, its contributions keep their words and tallies and lose
who wrote them; audit entries forget which moderator acted after CONSULT_AUDIT_IDENTITY_DAYS;
asking to delete an account signs it out everywhere at once.

`seeded` is alice's full footprint in one consultation (tests/privacy/conftest.py), with
bob's reply and reaction; mona, a moderator, looked behind alice's pseudonym.
"""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.privacy.models import IdentityAccess
from accounts.privacy.retention import retention_apply
from consult.consultations.models import ConsultationPage
from consult.discussion import services as discussion
from consult.discussion.models import Comment, Participation, Position, Reaction
from consult.moderation.models import AuditActor, AuditEntry
from consult.questionnaires.models import Response
from tests import factories
from tests.privacy.conftest import PASSWORD
from tests.privacy.privacy_support import rows_referencing

pytestmark = pytest.mark.django_db

DAYS = 30


@pytest.fixture(autouse=True)
def retention(settings):
    settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS = DAYS
    settings.CONSULT_AUDIT_IDENTITY_DAYS = DAYS


def outcome_published(consultation, days_ago: int) -> None:
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        outcome_published_at=timezone.now() - timedelta(days=days_ago)
    )


def tallies(client, consultation):
    discussion_ = client.get(consultation.url).context["discussion"]
    return [(row.label, row.oppose) for row in discussion_.position.tallies.rows]


def test_contributions_lose_their_authors_once_retention_ends(client, alice, bob, seeded):
    consultation = seeded["consultation"]
    recent = factories.make_consultation(
        consultation.get_parent(), "Recent outcome", system=consultation.ai_system
    )
    kept = discussion.comment_create(
        consultation=recent, author=alice, body="Still mine.", display_mode="pseudonym"
    )
    outcome_published(recent, days_ago=DAYS - 1)
    before = tallies(client, consultation)
    pseudonym = alice.profile.pseudonym
    assert pseudonym in client.get(consultation.url).content.decode()
    outcome_published(consultation, days_ago=DAYS + 1)

    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    assert re.search(r"contributions_anonymise_after_outcome: [1-9]\d* row", out.getvalue())
    comments = Comment.objects.filter(consultation=consultation)
    assert set(comments.values_list("author_id", flat=True)) == {None}
    assert set(comments.values_list("author_organisation", flat=True)) == {""}
    assert "I live near the station." in comments.values_list("body_source", flat=True)
    assert not Participation.objects.filter(consultation=consultation).exists()
    assert not Position.objects.filter(consultation=consultation, user__isnull=False).exists()
    assert not Reaction.objects.filter(consultation=consultation, user__isnull=False).exists()
    assert Response.objects.get(consultation=consultation).user_id is None
    # The tallies and counters still say what people said.
    assert tallies(client, consultation) == before
    for comment in comments:
        assert comment.agree_count == comment.reactions.filter(value="agree").count()
    assert Reaction.objects.filter(consultation=consultation).count() == 2
    page = client.get(consultation.url).content.decode()
    assert "Former participant" in page and pseudonym not in page
    # What alice still holds is her account and the recent consultation's comment.
    assert set(rows_referencing(alice.pk)) == {
        "account.EmailAddress.user",
        "accounts.Profile.user",
        "accounts.ConsentRecord.user",
        "accounts.IdentityAccess.subject",
        "mfa.Authenticator.user",
        # The recent consultation's comment, and her choice to appear there.
        "discussion.Comment.author",
        "discussion.Participation.user",
    }
    kept.refresh_from_db()
    assert kept.author_id == alice.pk
    # Nothing left to do the next day.
    again = retention_apply(now=timezone.now())
    assert again["contributions_anonymise_after_outcome"] == 0
    assert again["responses_anonymise_after_outcome"] == 0


def test_a_recomputed_opinion_matrix_leaves_anonymised_reactions_out(alice, bob, seeded):
    from consult.opinions.queries import analysed_reactions

    consultation = seeded["consultation"]
    assert analysed_reactions(consultation).count() == 2
    outcome_published(consultation, days_ago=DAYS + 1)
    retention_apply(now=timezone.now())
    assert analysed_reactions(consultation).count() == 0


def test_audit_entries_forget_the_moderator_after_the_identity_retention(
    client, alice, mona, seeded
):
    entry = AuditEntry.objects.create(
        actor_label="moderator", action="hide", target_kind="comment", target_id=1
    )
    AuditActor.objects.create(entry=entry, user=mona)
    access = IdentityAccess.objects.get(subject=alice)
    assert access.accessor_name

    soon = retention_apply(now=timezone.now() + timedelta(days=DAYS - 1))
    later = retention_apply(now=timezone.now() + timedelta(days=DAYS + 1))

    assert soon["audit_identities_expire"] == 0 and soon["identity_accessors_expire"] == 0
    assert later["audit_identities_expire"] == 1 and later["identity_accessors_expire"] == 1
    assert AuditEntry.objects.filter(pk=entry.pk, action="hide").exists()
    assert not AuditActor.objects.exists()
    access.refresh_from_db()
    assert (access.accessor_id, access.accessor_name, access.reason) == (
        None,
        "",
        "Threat report",
    )
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "A moderator or editor (name no longer kept)" in page
    assert "Threat report" in page


def test_the_privacy_task_applies_retention(alice, seeded):
    from accounts.privacy.tasks import privacy_retention

    outcome_published(seeded["consultation"], days_ago=DAYS + 1)
    result = privacy_retention.enqueue()
    assert result.return_value["contributions_anonymise_after_outcome"] > 0
    assert not Comment.objects.filter(author=alice).exists()


def test_asking_to_delete_signs_out_every_other_session_at_once(client, alice):
    phone, laptop = Client(), Client()
    phone.force_login(alice)
    laptop.force_login(alice)
    assert laptop.get(reverse("account_privacy")).status_code == 200

    phone.post(reverse("account_privacy_delete"), {"mode": "anonymise", "password": PASSWORD})

    assert laptop.get(reverse("account_privacy")).status_code == 302
    assert "sessions" not in rows_referencing(alice.pk)
    # Signing in again is how they cancel: the account is still there.
    assert client.login(email=alice.email, password=PASSWORD)
