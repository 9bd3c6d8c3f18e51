"""What other apps add to the notifications page. They register from their AppConfig.ready():
they send notices through this app's services, so this app never imports them."""

from collections.abc import Callable

# Each takes the signed-in reader and how many rows to show, and returns template context.
_sections: list[Callable[..., dict]] = []


def register_section(section: Callable[..., dict]) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_context(user, *, shown: int) -> dict:
    context = {}
    for section in _sections:
        context.update(section(user, shown=shown))
    return context
