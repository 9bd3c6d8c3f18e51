"""What happens to a leaving participant's contributions.

accounts imports nothing from consult.* (the import direction is config -> cms -> consult.* ->
accounts), so each app that holds contributions registers its own eraser here, from its
AppConfig.ready(), and an account's deletion calls them all. An eraser is called as
`eraser(user=user, mode=mode)` with a `DeletionMode`:

- "anonymise": the words stay, shown as a former participant; nothing identifying remains;
- "delete": the words go; where others replied, a tombstone keeps the thread readable.
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
