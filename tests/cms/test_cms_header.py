import pytest

from accounts.models import User


def _account_nav(html: str) -> str:
    return html.split('class="account-nav"')[1].split("</nav>")[0]


@pytest.mark.django_db
def test_visitors_are_offered_sign_in_and_sign_up(client):
    nav = _account_nav(client.get("/").text)

    assert '<a href="/accounts/login/?next=/">Sign in</a>' in nav
    assert '<a href="/accounts/signup/?next=/">Create an account</a>' in nav
    assert "Sign out" not in nav


@pytest.mark.django_db
def test_signed_in_people_get_their_account_and_a_sign_out_form(client):
    client.force_login(User.objects.create_user(email="bob@example.org", password="x" * 12))

    nav = _account_nav(client.get("/").text)

    assert '<a href="/accounts/profile/">Your account</a>' in nav
    assert '<form method="post" action="/accounts/logout/">' in nav
    assert 'name="csrfmiddlewaretoken"' in nav
    assert "Sign in" not in nav
