"""When a consultation was last contributed to, asked of the apps that hold contributions.

They import this app, so each registers a Wagtail hook (a function of the canonical page
returning its latest contribution's time, or None) instead of being imported here."""

from datetime import datetime

from wagtail import hooks

LATEST_CONTRIBUTION_HOOK = "consultation_latest_contribution"


def latest_contribution_at(consultation) -> datetime | None:
    """The time of the latest contribution to `consultation` (its canonical page)."""
    times = [latest(consultation) for latest in hooks.get_hooks(LATEST_CONTRIBUTION_HOOK)]
    return max((time for time in times if time is not None), default=None)
