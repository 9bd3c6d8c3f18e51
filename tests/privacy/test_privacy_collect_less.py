"""Collect less: no cookies for anonymous readers, no third-party avatars, no IP columns,
no secrets in the logs."""

import io
import logging
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from wagtail.admin.templatetags.wagtailadmin_tags import avatar_url

from accounts.privacy.network import client_address_hash
from config.logging_filters import RedactSecrets, redact

OUR_APPS = ("accounts", "cms", "consultations", "discussion", "questionnaires")


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["home", "consultation", "register", "register_fr"])
def test_anonymous_readers_get_no_cookie(client, seeded, where):
    url = {
        "home": "/",
        "consultation": seeded["consultation"].url,
        "register": reverse("ai_systems:index"),
        "register_fr": "/fr" + reverse("ai_systems:index"),
    }[where]
    # The French page activates French for this thread; put the previous language back.
    with translation.override(settings.LANGUAGE_CODE):
        response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies, dict(response.cookies)


def test_wagtail_looks_up_no_gravatar():
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None


@pytest.mark.django_db
def test_admin_avatars_never_point_at_another_origin(mona):
    url = avatar_url(mona)
    assert url.startswith("/static/"), url


def test_none_of_our_models_stores_an_ip_address():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.GenericIPAddressField), field
            assert "ip_address" not in field.name and field.name != "ip", field


@pytest.mark.django_db
def test_rate_limits_count_a_hash_not_the_address(client, alice, rf):
    from allauth.core.internal.ratelimit import get_cache_key, parse_rates
    from django.core.cache import cache
    from privacy_support import tables_containing

    address = "203.0.113.77"
    for _ in range(3):
        client.post(
            reverse("account_login"),
            {"login": alice.email, "password": "wrong"},
            REMOTE_ADDR=address,
        )
    assert tables_containing(address) == {}
    (rate,) = parse_rates(settings.ACCOUNT_RATE_LIMITS["login"])
    key = get_cache_key(
        rf.get("/", REMOTE_ADDR=address), app="allauth.account", action="login", rate=rate
    )
    assert address not in key and client_address_hash(address) in key
    assert len(cache.get(key)) == 3


def test_address_hashes_rotate_daily_and_group_ipv6_networks():
    today = datetime(2026, 11, 28, 12)
    assert client_address_hash("203.0.113.77", now=today) == client_address_hash(
        "203.0.113.77", now=today
    )
    assert client_address_hash("203.0.113.77", now=today) != client_address_hash(
        "203.0.113.78", now=today
    )
    assert client_address_hash("203.0.113.77", now=today) != client_address_hash(
        "203.0.113.77", now=today + timedelta(days=1)
    )
    assert client_address_hash("2001:db8:1:2::1", now=today) == client_address_hash(
        "2001:db8:1:2:ffff::9", now=today
    )
    assert "203.0.113" not in client_address_hash("203.0.113.77", now=today)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/accounts/confirm-email/MTI:abc-def/", "/accounts/confirm-email/[redacted]/"),
        ("/fr/accounts/confirm-email/MTI:abc/", "/fr/accounts/confirm-email/[redacted]/"),
        ("/accounts/password/reset/key/3-k3y-x/", "/accounts/password/reset/key/[redacted]/"),
        ("/accounts/login/?next=/x&token=abc", "/accounts/login/?[redacted]"),
        ("/consultations/face/", "/consultations/face/"),
        ("Are you sure? Yes", "Are you sure? Yes"),
    ],
)
def test_redaction(line, expected):
    assert redact(line) == expected


def our_handler(logger: logging.Logger) -> logging.StreamHandler:
    """The console handler settings.LOGGING gave this logger (pytest adds its own too)."""
    (handler,) = [
        h for h in logger.handlers if any(isinstance(f, RedactSecrets) for f in h.filters)
    ]
    return handler


def test_uvicorn_access_lines_keep_no_key_query_or_address():
    """Through the logging configuration Django installs, as uvicorn's access logger uses it."""
    logger = logging.getLogger("uvicorn.access")
    assert not logger.propagate
    handler = our_handler(logger)
    stream = io.StringIO()
    original = handler.setStream(stream)
    try:
        logger.info(
            '%s - "%s %s HTTP/%s" %d',
            "203.0.113.9:51234",
            "GET",
            "/accounts/confirm-email/SECRETKEY/?token=abc",
            "1.1",
            200,
        )
    finally:
        handler.setStream(original)
    line = stream.getvalue()
    assert "/accounts/confirm-email/[redacted]/?[redacted]" in line
    assert "SECRETKEY" not in line and "token=abc" not in line
    assert "203.0.113.9" not in line


def test_django_request_warnings_are_redacted_too():
    logger = logging.getLogger("django.request")
    root_handler = our_handler(logging.getLogger())
    stream = io.StringIO()
    original = root_handler.setStream(stream)
    try:
        logger.warning("Not Found: %s", "/accounts/password/reset/key/1-secret/")
    finally:
        root_handler.setStream(original)
    assert "1-secret" not in stream.getvalue()
