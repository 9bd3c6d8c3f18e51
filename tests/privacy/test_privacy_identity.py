"""Looking behind a pseudonym is recorded, with its reason, and shown to the participant."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.privacy.models import IdentityAccess
from accounts.privacy.services import identity_reveal
from tests.privacy.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_moderator_sees_who_it_is_and_the_participant_sees_that_they_did(
    client, alice, mona, consultation
):
    identity = identity_reveal(
        accessor=mona, subject=alice, reason="Credible threat reported", consultation=consultation
    )
    assert identity.display_name == "Alice Martin"
    assert identity.pseudonym == alice.profile.pseudonym
    assert not hasattr(identity, "email")
    record = IdentityAccess.objects.get()
    assert (record.subject, record.accessor, record.accessor_name) == (
        alice,
        mona,
        "Mona Moderator",
    )
    assert record.consultation_id == consultation.pk

    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "Mona Moderator" in page
    assert "Credible threat reported" in page
    assert consultation.title in page


def test_each_look_is_a_separate_record(alice, mona):
    identity_reveal(accessor=mona, subject=alice, reason="First report")
    identity_reveal(accessor=mona, subject=alice, reason="Second report")
    assert IdentityAccess.objects.filter(subject=alice).count() == 2


def test_a_reason_is_required(alice, mona):
    with pytest.raises(ValidationError):
        identity_reveal(accessor=mona, subject=alice, reason="   ")
    assert not IdentityAccess.objects.exists()


def test_participants_and_staff_without_mfa_may_not_look(alice, bob):
    moderator_without_mfa = make_user("max@example.org", display_name="Max")
    moderator_without_mfa.groups.add(Group.objects.get_or_create(name="Moderators")[0])
    for accessor in (bob, moderator_without_mfa):
        with pytest.raises(PermissionDenied):
            identity_reveal(accessor=accessor, subject=alice, reason="Curious")
    assert not IdentityAccess.objects.exists()


def test_the_record_survives_the_moderator_leaving(client, alice, mona):
    identity_reveal(accessor=mona, subject=alice, reason="Threat report")
    mona.delete()
    client.force_login(alice)
    assert "Mona Moderator" in client.get(reverse("account_privacy")).content.decode()


def test_nobody_has_looked_yet(client, alice):
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "Nobody has." in page
