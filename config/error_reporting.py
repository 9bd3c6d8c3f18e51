"""Error reporting to Sentry, when SENTRY_DSN is set and sentry-sdk is installed (the
`sentry` extra): what Sentry receives names no participant. The SDK sends no personal data
(send_default_pii=False) and `scrub` takes out what could still carry some: the user but
their id, cookies, the request's body and headers but a few, and any email or IP address
in messages and exception texts."""

import importlib.util
import ipaddress
import logging
import re

logger = logging.getLogger(__name__)

REDACTED = "[redacted]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Candidates only: a time of day (21:04:36) looks the same, and is kept.
IPV6_LIKE = re.compile(r"(?<![\w:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?![\w:])")
SAFE_HEADERS = {"accept", "accept-language", "content-type", "content-length", "user-agent"}


def _ipv6(found: re.Match) -> str:
    try:
        ipaddress.IPv6Address(found.group())
    except ValueError:
        return found.group()
    return REDACTED


def _scrub_text(text: str) -> str:
    return IPV6_LIKE.sub(_ipv6, IPV4.sub(REDACTED, EMAIL.sub(REDACTED, text)))


def scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send: the event without personal data."""
    if "user" in event:
        event["user"] = {"id": event["user"]["id"]} if event["user"].get("id") else {}
    request = event.get("request")
    if request:
        for key in ("cookies", "data", "env", "query_string"):
            request.pop(key, None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in SAFE_HEADERS}
        if "url" in request:
            request["url"] = _scrub_text(request["url"])
    logentry = event.get("logentry")
    if logentry:
        for key in ("message", "formatted"):
            if isinstance(logentry.get(key), str):
                logentry[key] = _scrub_text(logentry[key])
        logentry.pop("params", None)
    for exception in (event.get("exception") or {}).get("values", []):
        if isinstance(exception.get("value"), str):
            exception["value"] = _scrub_text(exception["value"])
        # Local variables of the failing frames hold forms, users and request bodies.
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        if isinstance(crumb.get("message"), str):
            crumb["message"] = _scrub_text(crumb["message"])
        crumb.pop("data", None)
    return event


def start(dsn: str, *, environment: str) -> None:
    """Sends errors to `dsn`, or says why not and carries on."""
    if importlib.util.find_spec("sentry_sdk") is None:
        logger.warning(
            "SENTRY_DSN is set but sentry-sdk is not installed (pip install 'consult[sentry]'): "
            "errors are logged, not reported."
        )
        return
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        before_send=scrub,
        before_send_transaction=scrub,
    )
