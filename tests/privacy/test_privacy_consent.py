"""Research use of contributions: chosen at signup, changed on My data, dated, queryable."""

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.privacy.models import ConsentRecord
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


@pytest.mark.parametrize(("ticked", "expected"), [({}, False), ({"research_consent": "on"}, True)])
def test_signup_records_the_choice_with_its_date(client, ticked, expected):
    signup(client, **ticked)
    user = User.objects.get(email="sam@example.org")
    assert user.profile.research_consent is expected
    (record,) = ConsentRecord.objects.filter(user=user)
    assert record.granted is expected and record.purpose == "research"
    assert has_research_consent(user) is expected


def test_consent_is_changed_on_the_page_and_takes_effect_at_once(client, alice, bob):
    client.force_login(alice)
    page = client.get(reverse("account_privacy")).content.decode()
    assert "never be used to train" in page
    client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert set(research_consenting_user_ids().values_list("user_id", flat=True)) == {alice.pk}
    client.post(reverse("account_privacy_consent"), {})
    assert not research_consenting_user_ids().exists()
    assert list(ConsentRecord.objects.filter(user=alice).values_list("granted", flat=True)) == [
        False,
        True,
    ]
    page = client.get(reverse("account_privacy")).content.decode()
    assert "Agreed on" in page and "Declined on" in page


def test_saving_the_same_choice_writes_no_new_record(client, alice):
    client.force_login(alice)
    client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert ConsentRecord.objects.filter(user=alice).count() == 1


def test_consent_changes_need_a_post_with_csrf(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get(reverse("account_privacy_consent")).status_code == 405
    response = client.post(reverse("account_privacy_consent"), {"research_consent": "on"})
    assert response.status_code == 403
    assert not has_research_consent(alice)
