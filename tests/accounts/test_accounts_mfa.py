"""Staff tools need a second factor; the admin has no login form of its own."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group

from tests.accounts.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

MFA_SETUP = "/accounts/2fa/"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize(
    ("path", "setup"),
    [
        ("/admin/", MFA_SETUP),
        ("/admin/pages/", MFA_SETUP),
        ("/moderation/", MFA_SETUP),
        ("/fr/moderation/", "/fr" + MFA_SETUP),
    ],
)
def test_editor_without_mfa_is_sent_to_mfa_setup(client, bob, path, setup):
    client.force_login(bob)

    response = client.get(path, follow=True)

    assert response.redirect_chain[0] == (setup, 302)
    assert response.status_code == 200
    assert 'class="message message--warning"' in response.content.decode()


@pytest.mark.parametrize(
    "role",
    [{"is_staff": True}, {"is_superuser": True, "is_staff": True}, {"group": "Moderators"}],
)
def test_every_staff_role_without_mfa_is_sent_to_mfa_setup(client, role):
    group = role.pop("group", None)
    user = make_user("staff@example.org", **role)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    assert client.get("/admin/").url == MFA_SETUP
    assert client.get("/moderation/").url == MFA_SETUP


def test_participants_are_not_asked_for_mfa(client, alice):
    client.force_login(alice)

    # Not staff: Wagtail itself refuses them, our middleware does not get in the way.
    response = client.get("/admin/")
    assert response.url != MFA_SETUP


def test_editor_who_activates_an_authenticator_app_reaches_the_dashboard(client, bob):
    client.post("/accounts/login/", {"login": "bob@example.org", "password": PASSWORD})
    assert client.get("/admin/pages/").url == MFA_SETUP

    # Seconds after signing in, nobody is asked for their password again.
    setup = client.get("/accounts/2fa/totp/activate/")
    assert setup.status_code == 200
    secret = client.session["mfa.totp.secret"]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert activated.url == "/accounts/2fa/recovery-codes/"

    # The recovery codes are shown once, then lead back to where bob was going.
    codes = client.get(activated.url).content.decode()
    assert '<a class="button" href="/admin/pages/">I have saved my codes: continue</a>' in codes
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert b"Dashboard" in dashboard.content


def test_staff_with_totp_sign_in_with_a_code_and_reach_the_dashboard(client, carol, totp_secret):
    response = client.post(
        "/accounts/login/?next=/admin/",
        {"login": "carol@example.org", "password": PASSWORD, "next": "/admin/"},
    )
    # The password alone is not enough: allauth asks for the second factor first.
    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": current_code(totp_secret)})
    assert response.url == "/admin/"

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert b"Dashboard" in dashboard.content


def test_admin_login_redirects_to_allauth_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/admin/pages/"


def test_admin_without_login_goes_to_allauth_login(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")


def test_wagtail_account_page_offers_no_password_or_email_change(client, carol):
    client.force_login(carol)

    response = client.get("/admin/account/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password-old_password"' not in html
    assert 'name="password-new_password1"' not in html
    assert 'name="name_email-email"' not in html
    assert 'name="name_email-first_name"' in html


def test_wagtail_password_reset_is_not_served(client):
    assert client.get("/admin/password_reset/").status_code == 404


def test_an_old_sign_in_still_asks_for_the_password_before_adding_a_factor(client, bob):
    client.post("/accounts/login/", {"login": "bob@example.org", "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()

    reauthenticate = client.get("/accounts/2fa/totp/activate/")

    assert reauthenticate.url.startswith("/accounts/reauthenticate/")
