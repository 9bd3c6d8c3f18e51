"""What error reporting would send to Sentry names nobody (config.error_reporting.scrub), and
without sentry-sdk a SENTRY_DSN is a warning, not a failure."""

import logging

import pytest

from config import error_reporting


def _event() -> dict:
    return {
        "user": {"id": "42", "email": "ada@example.org", "ip_address": "203.0.113.9"},
        "request": {
            "url": "https://consult.example.org/accounts/email/?to=ada@example.org",
            "headers": {
                "User-Agent": "Firefox",
                "Cookie": "__Host-sessionid=secret",
                "X-Forwarded-For": "203.0.113.9",
                "Authorization": "Bearer scrape-me",
            },
            "cookies": {"__Host-sessionid": "secret"},
            "data": {"email": "ada@example.org", "password": "hunter2hunter2"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "logentry": {
            "message": "No account for ada@example.org from 2001:db8::1:2:3 at 21:04:36",
            "params": ["ada@example.org"],
        },
        "exception": {
            "values": [
                {
                    "value": "duplicate key: (email)=(ada@example.org), client 198.51.100.4",
                    "stacktrace": {"frames": [{"function": "signup", "vars": {"p": "hunter2"}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": "mail to ada@example.org", "data": {"to": "x"}}]},
    }


def test_the_scrubbed_event_keeps_no_email_address_ip_address_or_secret():
    event = error_reporting.scrub(_event(), {})

    text = repr(event)
    for personal in ("ada@example.org", "203.0.113.9", "198.51.100.4", "2001:db8", "secret",
                     "hunter2", "scrape-me"):  # fmt: skip
        assert personal not in text, personal
    assert event["user"] == {"id": "42"}
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}
    # What says what went wrong stays.
    assert event["exception"]["values"][0]["value"].startswith("duplicate key: (email)=(")
    assert event["logentry"]["message"].startswith("No account for ")
    assert event["logentry"]["message"].endswith(" at 21:04:36")


def test_an_event_without_a_user_or_request_passes(caplog):
    assert error_reporting.scrub({"message": "plain"}, None) == {"message": "plain"}


def test_without_sentry_sdk_a_dsn_is_a_warning(monkeypatch, caplog):
    monkeypatch.setattr(error_reporting.importlib.util, "find_spec", lambda name: None)

    with caplog.at_level(logging.WARNING, logger="config.error_reporting"):
        error_reporting.start("https://key@sentry.example.org/1", environment="production")

    assert "sentry-sdk is not installed" in caplog.text


@pytest.mark.skipif(
    error_reporting.importlib.util.find_spec("sentry_sdk") is None,
    reason="sentry-sdk is not installed (the optional `sentry` extra)",
)
def test_with_sentry_sdk_the_scrubber_is_installed():
    import sentry_sdk

    error_reporting.start("https://key@sentry.example.org/1", environment="test")
    try:
        options = sentry_sdk.get_client().options
        assert options["before_send"] is error_reporting.scrub
        assert options["send_default_pii"] is False
    finally:
        sentry_sdk.init()
