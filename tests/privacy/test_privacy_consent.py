"""How contributions may be used (open research data, automated analysis): chosen at signup,
changed on My data, chosen again for each comment, withdrawn from everything at once, dated,
and honoured by the open-data API at once."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.privacy.models import ConsentPurpose, ConsentRecord
from accounts.privacy.queries import has_research_consent, research_consenting_user_ids

pytestmark = pytest.mark.django_db


def signup(client, **extra):
    data = {
        "email": "sam@example.org",
        "password1": "a long enough passphrase",
        "password2": "a long enough passphrase",
        "display_name": "Sam",
        "stakeholder_group": "affected",
        "preferred_language": "en",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_offers_the_choice_unticked(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert 'name="research_consent"' in page
    assert 'name="research_consent" checked' not in page
    assert "open research data" in page
    # Automated analysis (opinion groups) is offered unticked too: consent is given, not
    # assumed (issue 15).
    tag = re.search(r'<input type="checkbox" name="automated_analysis_consent"[^>]*>', page)
    assert " checked" not in tag.group(0)


@pytest.mark.parametrize(("ticked", "expected"), [({}, False), ({"research_consent": "on"}, True)])
def test_signup_records_the_choice_with_its_date(client, ticked, expected):
    signup(client, **ticked)
    user = User.objects.get(email="sam@example.org")
    assert user.profile.research_consent is expected
    (record,) = ConsentRecord.objects.filter(user=user, purpose=ConsentPurpose.RESEARCH)
    assert record.granted is expected
    assert has_research_consent(user) is expected
    # Not sent: the participant unticked automated analysis.
    assert user.profile.automated_analysis_consent is False
    (record,) = ConsentRecord.objects.filter(user=user, purpose=ConsentPurpose.AUTOMATED_ANALYSIS)
    assert record.granted is False


def test_consent_is_changed_on_the_page_and_takes_effect_at_once(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "never be used to train" in page
    client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert set(research_consenting_user_ids().values_list("user_id", flat=True)) == {alice.pk}
    client.post(reverse("account_privacy_consent"), {})
    assert not research_consenting_user_ids().exists()
    research = ConsentRecord.objects.filter(user=alice, purpose=ConsentPurpose.RESEARCH)
    assert list(research.values_list("granted", flat=True)) == [False, True]
    page = client.get(reverse("account_privacy")).content.decode()
    assert "Agreed on" in page and "Declined on" in page


def test_saving_the_same_choice_writes_no_new_record(client, alice):
    client.force_login(alice)
    both = {"research_consent": "on", "automated_analysis_consent": "on"}
    client.post(reverse("account_privacy_consent"), both)
    client.post(reverse("account_privacy_consent"), both)
    assert ConsentRecord.objects.filter(user=alice, purpose=ConsentPurpose.RESEARCH).count() == 1
    assert (
        ConsentRecord.objects.filter(user=alice, purpose=ConsentPurpose.AUTOMATED_ANALYSIS).count()
        == 1
    )


def test_consent_changes_need_a_post_with_csrf(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(reverse("account_privacy_consent")).status_code == 405
    response = client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert response.status_code == 403
    assert not has_research_consent(alice)
