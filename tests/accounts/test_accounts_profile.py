import re

import pytest
from django.db import IntegrityError

from accounts import services
from accounts.models import Profile, User
from accounts.queries import profile_for
from accounts.services import profile_create

pytestmark = pytest.mark.django_db

EDIT = {
    "display_name": "Alice M.",
    "stakeholder_group": "academic",
    "organisation": "University of Lyon",
    "preferred_language": "en",
}


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/profile/"


def test_profile_page_shows_pseudonym_and_links_to_security_pages(client, alice):
    client.force_login(alice)

    html = client.get("/accounts/profile/").content.decode()

    assert alice.profile.pseudonym in html
    assert 'value="Alice Martin"' in html
    for path in ("/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"):
        assert f'href="{path}"' in html
    assert html.count("<h1") == 1


def test_profile_edit_saves(client, alice):
    client.force_login(alice)
    pseudonym = alice.profile.pseudonym

    response = client.post("/accounts/profile/", EDIT, follow=True)

    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert "Your profile has been saved." in response.content.decode()
    profile = Profile.objects.get(user=alice)
    assert (profile.display_name, profile.stakeholder_group, profile.organisation) == (
        "Alice M.",
        "academic",
        "University of Lyon",
    )
    assert profile.pseudonym == pseudonym


def test_choosing_french_continues_in_french(client, alice):
    client.force_login(alice)

    response = client.post("/accounts/profile/", {**EDIT, "preferred_language": "fr"})

    assert response.url == "/fr/accounts/profile/"
    assert Profile.objects.get(user=alice).preferred_language == "fr"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "participant #0042"}, "display_name"),
        ({"stakeholder_group": "astronaut"}, "stakeholder_group"),
        ({"organisation": "x" * 151}, "organisation"),
    ],
)
def test_bad_profile_input_is_explained_beside_the_field_and_kept(client, alice, changes, field):
    client.force_login(alice)

    response = client.post("/accounts/profile/", {**EDIT, **changes})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'role="alert"' in html
    if field != "organisation":
        assert 'value="University of Lyon"' in html
    if field != "display_name":
        assert 'value="Alice M."' in html
    assert Profile.objects.get(user=alice).display_name == "Alice Martin"


def test_profile_for_creates_a_profile_for_users_made_elsewhere():
    admin = User.objects.create_superuser(email="root@example.org", password="x" * 12)

    profile = profile_for(admin)

    assert re.fullmatch(r"Participant \d{4}", profile.pseudonym)
    # No names given: the public sees the pseudonym, never the email address.
    assert profile.display_name == profile.pseudonym
    assert profile_for(User.objects.get(pk=admin.pk)) == profile
    assert Profile.objects.filter(user=admin).count() == 1


def test_profile_for_uses_the_names_wagtail_admin_asked_for():
    editor = User.objects.create_user(email="ed@example.org", first_name="Ed", last_name="Nguyen")

    assert profile_for(editor).display_name == "Ed Nguyen"


def test_pseudonym_collisions_are_retried(monkeypatch, alice):
    taken = alice.profile.pseudonym
    candidates = iter([taken, taken, "Participant 7777"])
    monkeypatch.setattr(services, "pseudonym_generate", lambda attempt: next(candidates))
    user = User.objects.create_user(email="eve@example.org")

    assert profile_create(user=user, display_name="Eve").pseudonym == "Participant 7777"


def test_pseudonyms_grow_longer_after_repeated_collisions():
    assert re.fullmatch(r"Participant \d{4}", services.pseudonym_generate(attempt=0))
    assert re.fullmatch(r"Participant \d{6}", services.pseudonym_generate(attempt=6))


def test_a_second_profile_for_the_same_user_is_refused(alice):
    with pytest.raises(IntegrityError):
        profile_create(user=alice, display_name="Alice again")
