"""What happens to a participant's contributions when they leave or withdraw a consent.

accounts imports nothing from consult.* (the import direction is config -> cms -> consult.* ->
accounts), so each app that holds contributions registers its own functions here, from its
AppConfig.ready(), and accounts calls them all.

An eraser is called as `eraser(user=user, mode=mode)` with a `DeletionMode`:

- "anonymise": the words stay, shown as a former participant; nothing identifying remains;
- "delete": the words go; where others replied, a tombstone keeps the thread readable.

A consent withdrawer is called as `withdrawer(user=user, purpose=purpose)` with a
`ConsentPurpose`, takes that use away from every contribution of the user it holds, and
returns how many it changed.
"""

from collections.abc import Callable

from accounts.models import User

_erasers: list[Callable[..., None]] = []


def register_eraser(eraser: Callable[..., None]) -> None:
    if eraser not in _erasers:
        _erasers.append(eraser)


def contributions_erase(*, user: User, mode: str) -> None:
    for eraser in _erasers:
        eraser(user=user, mode=mode)


_consent_withdrawers: list[Callable[..., int]] = []


def register_consent_withdrawer(withdrawer: Callable[..., int]) -> None:
    if withdrawer not in _consent_withdrawers:
        _consent_withdrawers.append(withdrawer)


def contributions_consent_withdraw(*, user: User, purpose: str) -> int:
    return sum(withdrawer(user=user, purpose=purpose) for withdrawer in _consent_withdrawers)
