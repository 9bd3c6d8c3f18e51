"""Helpers the discussion tests share."""

import re

# A pressed reaction button and the word on it: what the reader sees as their own reaction.
_PRESSED = re.compile(r'<button[^>]*aria-pressed="true"[^>]*>\s*(\w+)')


def pressed_reactions(html: str) -> list[str]:
    """The words on every pressed reaction button in `html`, in order."""
    return _PRESSED.findall(html)
