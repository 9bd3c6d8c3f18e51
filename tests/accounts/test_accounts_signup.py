import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.tasks import task_backends
from django.test import Client

from accounts.models import Profile, User
from accounts.tasks import account_mail_send
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "dana@example.org",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "display_name": "Dana Okafor",
    "stakeholder_group": "community",
    "organisation": "Riverside Tenants",
    "preferred_language": "fr",
}


def confirmation_path(message) -> str:
    match = re.search(r"http://testserver(/\S*/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_signup_creates_user_and_profile_and_sends_verification(client):
    response = client.post("/accounts/signup/", SIGNUP)

    assert response.status_code == 302
    user = User.objects.get(email="dana@example.org")
    profile = Profile.objects.get(user=user)
    assert profile.display_name == "Dana Okafor"
    assert profile.stakeholder_group == "community"
    assert profile.organisation == "Riverside Tenants"
    assert profile.preferred_language == "fr"
    assert re.fullmatch(r"Participant \d{4}", profile.pseudonym)
    assert [m.to for m in mail.outbox] == [["dana@example.org"]]
    assert not logged_in(client)


def test_following_the_verification_link_verifies_and_login_then_works(client):
    client.post("/accounts/signup/", SIGNUP)
    path = confirmation_path(mail.outbox[0])

    # Confirming takes a POST outside the session that signed up: mail scanners that
    # follow links must not confirm.
    elsewhere = Client()
    assert elsewhere.get(path).status_code == 200
    assert not User.objects.get(email="dana@example.org").emailaddress_set.get().verified
    assert elsewhere.post(path).status_code == 302

    user = User.objects.get(email="dana@example.org")
    assert user.emailaddress_set.get().verified
    newcomer = Client()
    response = newcomer.post(
        "/accounts/login/", {"login": "dana@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert newcomer.session["_auth_user_id"] == str(user.pk)


def test_login_before_verification_gives_no_session(client):
    client.post("/accounts/signup/", SIGNUP)

    other = Client()
    response = other.post("/accounts/login/", {"login": "dana@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response.url.endswith("/accounts/confirm-email/")
    assert not logged_in(other)
    assert other.get("/accounts/profile/").status_code == 302


def test_bad_signup_keeps_what_was_typed_and_explains_beside_the_field(client):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "display_name": "Participant 4821", "password2": "nope"}
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    html = response.content.decode()
    assert 'value="dana@example.org"' in html
    assert 'value="Riverside Tenants"' in html
    assert re.search(r'<input[^>]*value="community"[^>]*checked', html)
    display_name = re.search(r'<input[^>]*id="id_display_name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in display_name
    assert re.search(r'aria-describedby="[^"]*\bid_display_name_error\b', display_name)
    assert 'id="id_display_name_error"' in html
    assert "reserved for pseudonyms" in html
    assert 'id="id_password2_error"' in html


def test_signup_with_a_taken_address_looks_the_same_and_creates_nothing(client, alice):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": "alice@example.org"})

    assert response.status_code == 302
    assert User.objects.filter(email="alice@example.org").count() == 1
    # The owner is told someone tried; the visitor learns nothing.
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]


def test_french_signup_page_renders_in_french(client):
    response = client.get("/fr/accounts/signup/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert re.search(r'<option value="fr"[^>]*selected', html)
    assert html.count("<h1") == 1


class CountingHasher(MD5PasswordHasher):
    """The suite's fast hasher, telling how many passwords it hashed."""

    algorithm = "counted_md5"
    hashed: list[str] = []

    def encode(self, password, salt):
        self.hashed.append(password)
        return super().encode(password, salt)


@pytest.fixture
def queued(settings):
    """Tasks are queued and kept, not run: the test sees what each request enqueued."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    return task_backends["default"]


# What differs between any two responses: the CSRF token and the CSP nonce.
PER_RESPONSE = re.compile(r'(name="csrfmiddlewaretoken" value="|nonce=")[^"]+')


def test_new_and_registered_addresses_do_the_same_work_and_get_the_same_answer(queued, alice):
    answers = {}
    for email in ("dana@example.org", "alice@example.org"):
        queued.clear()
        CountingHasher.hashed.clear()

        response = Client().post("/accounts/signup/", {**SIGNUP, "email": email}, follow=True)

        # The password is hashed on both paths, and each sends one mail through a task.
        assert CountingHasher.hashed == [PASSWORD]
        (result,) = queued.results
        assert result.task.name == account_mail_send.name
        assert result.kwargs["to"] == [email]
        assert mail.outbox == []
        html = PER_RESPONSE.sub(r"\1", response.content.decode()).replace(email, "ADDRESS")
        answers[email] = (response.redirect_chain, response.status_code, html)

    assert answers["dana@example.org"] == answers["alice@example.org"]
    assert User.objects.filter(email="alice@example.org").count() == 1


def test_the_queued_mail_goes_out_as_rendered(queued):
    Client().post("/accounts/signup/", SIGNUP)
    (result,) = queued.results

    # The task's arguments went through JSON, as the database backend stores them.
    result.task.call(*result.args, **result.kwargs)

    (message,) = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.subject.startswith("[Consult] ")
    assert confirmation_path(message)
