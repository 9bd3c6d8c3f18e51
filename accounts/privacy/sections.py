"""What other apps add to the My data page. accounts imports nothing from consult.*, so an
app that knows something about the participant's contributions (what became of them)
registers a section from its AppConfig.ready(), and the page renders each one's template."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    template: str
    context: dict


# Each takes the request of the signed-in participant (links are built for it) and returns
# a Section, or None to show nothing.
_sections: list[Callable[[HttpRequest], Section | None]] = []


def register_section(section: Callable[[HttpRequest], Section | None]) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_for(request: HttpRequest) -> list[Section]:
    return [shown for section in _sections if (shown := section(request)) is not None]
