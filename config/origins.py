"""Which pages may open a socket: those of this site, compared on scheme, host and port.

Channels' AllowedHostsOriginValidator compares only the origin's host name with
ALLOWED_HOSTS, so a page served on another port of the same host (another application, a
developer's tool on localhost) could open our sockets with its visitors' cookies. A socket
is accepted here only when its Origin is the origin it was opened to: the scheme (ws is
http, wss is https, as uvicorn reports them behind a trusted proxy), the Host header (which
must be one ALLOWED_HOSTS names) and the port, the rule Django's CSRF check applies to
POSTs. Origins listed in CSRF_TRUSTED_ORIGINS are accepted as they are for POSTs.
"""

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """(scheme, host, port) of an origin such as https://example.org:8443, or None."""
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _header(scope, name: bytes) -> str | None:
    for header_name, value in scope.get("headers", ()):
        if header_name == name:
            return value.decode("latin-1")
    return None


def socket_origin_allowed(scope) -> bool:
    origin = parse_origin(_header(scope, b"origin") or "")
    host = _header(scope, b"host") or ""
    domain, _port = split_domain_port(host)
    if origin is None or not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    scheme = "https" if scope.get("scheme") == "wss" else "http"
    if origin == parse_origin(f"{scheme}://{host}"):
        return True
    return origin in {parse_origin(trusted) for trusted in settings.CSRF_TRUSTED_ORIGINS}


class SameOriginValidator:
    """ASGI middleware: refuses the handshake of a socket opened from another origin."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if socket_origin_allowed(scope):
            return await self.application(scope, receive, send)
        return await WebsocketDenier()(scope, receive, send)
