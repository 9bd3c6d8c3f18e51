"""Every request's id, on its answer (X-Request-ID) and on every log line written while it is
served, so one request can be followed from the edge (nginx's $request_id) to the logs.

The id comes from the trusted proxy (TRUSTED_PROXY_COUNT > 0) when it sends a plausible one;
otherwise, or when a client might have chosen it, a new one is made.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings

HEADER = "X-Request-ID"
# nginx's $request_id is 32 hex digits; other proxies use UUIDs. Nothing that could forge a
# log line (new lines, quotes) gets through.
PLAUSIBLE = re.compile(r"[A-Za-z0-9._-]{8,64}")
NONE = "-"

current: ContextVar[str] = ContextVar("request_id", default=NONE)


def _request_id(request) -> str:
    sent = request.headers.get(HEADER, "")
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT and PLAUSIBLE.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


class RequestIdMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self._acall(request)
        current.set(_request_id(request))
        response = self.get_response(request)
        response[HEADER] = current.get()
        return response

    # Not reset on the way out: Django logs an error answer after the middleware returns.
    # Under ASGI each request's context ends with it; a thread of the test client's
    # synchronous handler keeps the last id until the next request sets its own.
    async def _acall(self, request):
        current.set(_request_id(request))
        response = await self.get_response(request)
        response[HEADER] = current.get()
        return response


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being served (or "-") on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current.get()
        return True
