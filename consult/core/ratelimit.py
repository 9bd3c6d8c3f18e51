"""Rate limits for writes, counted in the shared cache (the database or Redis).

A fixed window per action and key: simple, shared across processes, and cheap (one round
trip to Redis per write: consult.core.counting). Limits are read from
settings.CONSULT_RATE_LIMITS, so tests and deployments can tune them; DEFAULT_RATES holds
the values a consultation needs.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from consult.core.counting import count

DEFAULT_RATES = {
    "comment": "10/5m",
    "comment_edit": "20/5m",
    "position": "20/m",
    "reaction": "120/m",
    "response": "60/m",
    "flag": "20/h",
    "follow": "30/h",
    # Email-only follows: per client (hashed) and per address, so nobody floods an inbox.
    "follow_email": "10/h",
    "follow_email_address": "3/d",
    # Answers that a summary's theme misrepresents one's comment (each citation once anyway).
    "citation_contest": "20/h",
    # Open-data API reads, per client (a keyed hash of its address).
    "api": "120/m",
}
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'10/5m' is ten per five minutes; '120/m' is 120 per minute."""
        count, per = text.split("/")
        amount = per[:-1] or "1"
        return cls(limit=int(count), period=int(amount) * UNITS[per[-1]])


class RateLimited(Exception):
    def __init__(self, *, action: str, retry_after: int):
        super().__init__(f"rate limit for {action!r}; retry after {retry_after}s")
        self.action = action
        self.retry_after = retry_after


def rate_for(action: str) -> Rate:
    rates = {**DEFAULT_RATES, **getattr(settings, "CONSULT_RATE_LIMITS", {})}
    return Rate.parse(rates[action])


def rate_limit_consume(*, action: str, key: str) -> None:
    """Count one `action` by `key` (e.g. a user id); raise RateLimited past the limit."""
    rate = rate_for(action)
    now = time.time()
    window = int(now // rate.period)
    # The window is in the key, so keeping a count a little longer never merges two windows.
    counted = count(f"ratelimit:{action}:{key}:{window}", timeout=rate.period + 1)
    if counted > rate.limit:
        retry_after = int((window + 1) * rate.period - now) + 1
        raise RateLimited(action=action, retry_after=retry_after)
