"""Security headers: the public CSP with its nonce, the admin's own policy, production cookies."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.test import override_settings
from django.utils.csp import build_policy
from platform_support import DUMP_SETTINGS, run_python
from wagtail.models import Site

from accounts.models import User

PUBLIC_PAGE = "/accounts/login/"
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SECURITY_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_NAME",
)


def directives(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";"))}


def executable_scripts(html: str) -> list[str]:
    """Attributes of every <script> a browser would run (JSON data blocks never run)."""
    return [
        attrs
        for attrs in SCRIPT_TAG.findall(html)
        if not re.search(r"type=\"application/(?:ld\+)?json\"", attrs)
    ]


@pytest.fixture(scope="module")
def production_security_settings(tmp_path_factory) -> dict:
    """The security settings config/settings.py gives in production mode."""
    env = {
        "CONSULT_ENV": "production",
        "SECRET_KEY": "k" * 20 + "production-security-settings-test-key-0123456789",
        "SQLITE_PATH": str(tmp_path_factory.mktemp("production") / "db.sqlite3"),
        "CONSULT_WITHOUT_REDIS": "true",
    }
    result = run_python(["-c", DUMP_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    dumped = json.loads(result.stdout)
    return {name: dumped[name] for name in SECURITY_SETTINGS}


@pytest.mark.django_db
def test_public_page_csp_requires_the_nonce_and_allows_no_inline_code(client):
    response = client.get(PUBLIC_PAGE)

    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    (nonce_source,) = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
    scripts = executable_scripts(response.content.decode())
    assert any("consult.js" in attrs for attrs in scripts)
    for attrs in scripts:
        assert f'nonce="{nonce}"' in attrs
        assert "src=" in attrs, "inline scripts are not allowed on public pages"
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_every_response_gets_a_new_nonce(client):
    first = client.get(PUBLIC_PAGE).headers["Content-Security-Policy"]
    second = client.get(PUBLIC_PAGE).headers["Content-Security-Policy"]

    assert first != second


@pytest.mark.django_db
def test_public_page_security_headers(client):
    response = client.get(PUBLIC_PAGE)

    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    # Development is plain HTTP: no HSTS, which would pin localhost to HTTPS.
    assert "Strict-Transport-Security" not in response.headers


@pytest.fixture
def editor_with_mfa(db):
    user = User.objects.create_superuser(email="erin@example.org", password="a long passphrase")
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.mark.django_db
def test_admin_paths_get_the_admin_policy(client, editor_with_mfa):
    client.force_login(editor_with_mfa)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == build_policy(settings.ADMIN_CSP)
    assert "'unsafe-inline'" not in settings.SECURE_CSP["script-src"]
    # Even the admin loads nothing from other origins.
    for values in settings.ADMIN_CSP.values():
        assert all(value.startswith(("'", "data:", "blob:")) for value in values), values


@pytest.mark.django_db
def test_admin_dashboard_makes_no_request_to_other_origins(client, editor_with_mfa):
    client.force_login(editor_with_mfa)

    response = client.get("/admin/")

    # Wagtail's upgrade check would fetch releases.wagtail.org from the editor's browser,
    # which the admin policy's connect-src 'self' blocks anyway.
    assert 'data-controller="w-upgrade' not in response.content.decode()


@pytest.mark.django_db
def test_page_previews_keep_the_public_policy_but_may_be_framed_by_the_editor(
    client, editor_with_mfa
):
    client.force_login(editor_with_mfa)
    home = Site.objects.get(is_default_site=True).root_page.specific
    editor = client.get(f"/admin/pages/{home.pk}/edit/")

    # Wagtail renders a preview by passing a dummy request for the public URL through the
    # whole middleware stack, then returns that response inside the editor's frame.
    preview = home.make_preview_request(editor.wsgi_request, home.default_preview_mode)

    assert preview.status_code == 200
    policy = directives(preview.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in preview.headers["Content-Security-Policy"]
    (nonce_source,) = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    nonce = nonce_source.removeprefix("'nonce-").removesuffix("'")
    assert f'nonce="{nonce}"' in preview.content.decode()
    assert "frame-ancestors 'none'" in build_policy(settings.SECURE_CSP)


@pytest.mark.django_db
def test_admin_policy_also_covers_redirects_to_login(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response.headers["Content-Security-Policy"] == build_policy(settings.ADMIN_CSP)


@pytest.mark.django_db
def test_production_sends_hsts_and_redirects_to_https(client, production_security_settings):
    with override_settings(**production_security_settings):
        insecure = client.get(PUBLIC_PAGE)
        secure = client.get(PUBLIC_PAGE, secure=True)

    assert insecure.status_code == 301
    assert insecure.headers["Location"] == f"https://testserver{PUBLIC_PAGE}"
    hsts = secure.headers["Strict-Transport-Security"]
    assert hsts == "max-age=63072000; includeSubDomains; preload"


@pytest.mark.django_db
def test_production_cookies_are_host_only_and_secure(client, production_security_settings):
    user = User.objects.create_user(email="alice@example.org", password="a long passphrase")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    with override_settings(**production_security_settings):
        form = client.get(PUBLIC_PAGE, secure=True)
        login = client.post(
            PUBLIC_PAGE,
            {"login": "alice@example.org", "password": "a long passphrase"},
            secure=True,
        )

    assert login.status_code == 302
    for response, name in ((form, "__Host-csrftoken"), (login, "__Host-sessionid")):
        cookie = response.cookies[name]
        # The __Host- prefix only holds with Secure, Path=/ and no Domain.
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
    assert "sessionid" not in login.cookies
