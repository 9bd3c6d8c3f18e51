"""What a request knows of its reader: one object, built once per request, passed to the
queries and templates that ask about the reader.

Each app's permission or query module asks its own facts through `Viewer.fact` (computed
when first asked, then kept for the request), and a query that reads several at once hands
them over with `Viewer.know`. Nothing is kept on the user object: a check given a bare user
(a service inside its transaction, a socket's scope) builds a fresh viewer and asks the
database again, so a long-lived user object never answers from an old read.
"""

from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any

from django.http import HttpRequest


class Viewer:
    """The reader of one request: their user, and what was learnt about them."""

    def __init__(self, user):
        self.user = user
        self._facts: dict[Hashable, Any] = {}

    # Read once: through request.user's lazy proxy every attribute read costs a few calls,
    # and a page asks about its reader several times a comment.
    @cached_property
    def pk(self) -> int | None:
        return self.user.pk

    @cached_property
    def is_authenticated(self) -> bool:
        return self.user.is_authenticated

    @cached_property
    def is_staff(self) -> bool:
        return self.user.is_staff

    @cached_property
    def is_superuser(self) -> bool:
        return self.user.is_superuser

    def fact(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The fact named `key`, computed the first time it is asked for."""
        if key not in self._facts:
            self._facts[key] = compute()
        return self._facts[key]

    def know(self, **facts: Any) -> None:
        """Keep facts a query read anyway, under their names."""
        self._facts.update(facts)

    def remember(self, key: Hashable, value: Any) -> None:
        """Keep one fact under a key that is not a name (a fact about one consultation)."""
        self._facts[key] = value

    def forget(self, key: Hashable) -> None:
        """After what `key` answers changed during the request: the next check asks again."""
        self._facts.pop(key, None)


def as_viewer(who) -> Viewer:
    """`who` if it is a viewer; a fresh one, which keeps nothing beyond this call's checks,
    for a bare user."""
    return who if isinstance(who, Viewer) else Viewer(who)


def viewer_for(request: HttpRequest) -> Viewer:
    """The request's viewer, built when first asked for, and again should the request's user
    change (signing in or out replaces request.user)."""
    viewer = getattr(request, "viewer", None)
    if viewer is None or viewer.user is not request.user:
        viewer = request.viewer = Viewer(request.user)
    return viewer
