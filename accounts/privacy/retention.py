"""Retention (issue 7): personal data kept no longer than the privacy page says.

The apps that hold the data register their own steps here from AppConfig.ready() (accounts
imports nothing from consult.*): the discussion and the questionnaires anonymise the
contributions of consultations whose outcome was published more than
CONSULT_RETENTION_AFTER_OUTCOME_DAYS ago; moderation forgets which moderator took an audited
action after CONSULT_AUDIT_IDENTITY_DAYS. A step is called as `step(now=now)` and returns
how many rows it changed. `manage.py apply_retention` (daily) and the `retention_apply`
task run them all.
"""

from collections.abc import Callable
from datetime import datetime

_steps: list[Callable[..., int]] = []


def register_retention_step(step: Callable[..., int]) -> None:
    if step not in _steps:
        _steps.append(step)


def retention_apply(*, now: datetime) -> dict[str, int]:
    """Run every registered step; returns the rows each changed, by step name."""
    return {step.__name__: step(now=now) for step in _steps}
