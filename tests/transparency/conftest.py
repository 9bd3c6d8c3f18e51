"""The moderation personas (tests/moderation/conftest.py), and a clock the tests move.

alice, bob  verified participants          mona, max_  moderators with MFA
browser, pages, axe, demo  as in tests/browser/conftest.py
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe, browser, demo, pages  # noqa: F401
from tests.moderation.conftest import (  # noqa: F401
    alice,
    bob,
    consultation,
    generous_rate_limits,
    make_consultation,
    max_,
    mona,
    post_comment,
    system,
)


class Clock:
    """What django.utils.timezone.now answers: every row stamped while it stands still
    (a decision and its audit entry) gets the same time, so durations are exact."""

    def __init__(self):
        self.now = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock
