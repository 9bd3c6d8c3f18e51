"""Every allauth page wears the site layout and runs under the public CSP."""

import re
from html.parser import HTMLParser

import pytest

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


def assert_site_page_under_csp(response) -> None:
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    html = response.content.decode()
    tags = tags_of(html)

    assert 'class="site-header"' in html
    assert '<main id="main"' in html
    assert [tag for tag, _ in tags].count("h1") == 1
    for tag, attrs in tags:
        assert "style" not in attrs, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            # Runs only if from our origin or carrying this response's nonce; JSON is data.
            runs_allowed = (attrs.get("src") or "").startswith("/static/") or (
                attrs.get("nonce") == nonce
            )
            assert runs_allowed or attrs.get("type") == "application/json", attrs
    for tag, attrs in tags:
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {
            "hidden",
            "submit",
        }:
            field_id = attrs.get("id")
            assert field_id and f'for="{field_id}"' in html, attrs


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/fr/accounts/login/",
    ],
)
def test_entrance_pages(client, path):
    assert_site_page_under_csp(client.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/profile/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/2fa/webauthn/add/",
        "/accounts/logout/",
    ],
)
def test_manage_pages(client, alice, path):
    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    response = client.get(path)

    assert_site_page_under_csp(response)
    assert 'aria-label="Account settings"' in response.content.decode()


def test_reauthentication_page(client, alice):
    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})

    assert_site_page_under_csp(client.get("/accounts/reauthenticate/"))


def test_security_key_page_loads_allauths_scripts_from_our_origin(client, alice):
    client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})

    html = client.get("/accounts/2fa/webauthn/add/").content.decode()

    sources = [attrs["src"] for tag, attrs in tags_of(html) if tag == "script" and "src" in attrs]
    assert "/static/mfa/js/webauthn.js" in sources
    assert 'data-allauth-onload="allauth.webauthn.forms.addForm"' in html


def test_second_factor_page_under_csp(client, carol):
    client.post("/accounts/login/", {"login": "carol@example.org", "password": PASSWORD})

    response = client.get("/accounts/2fa/authenticate/")

    assert_site_page_under_csp(response)
    assert "/static/mfa/js/webauthn.js" in response.content.decode()


def test_login_errors_are_announced(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@example.org", "password": "wrong password"}
    )

    html = response.content.decode()
    assert re.search(r'<div class="form-errors" role="alert" tabindex="-1" autofocus>', html)
    assert re.search(r"<title>\s*Error: ", html)
    assert 'value="alice@example.org"' in html
