"""How easy a text is to read, on the Flesch reading-ease scale (0-100, higher is easier).

English uses Flesch's formula (206.835 - 1.015 x words per sentence - 84.6 x syllables per
word); French uses textstat's "fr" constants, Kandel and Moles' adaptation (207 - 1.015 x
words per sentence - 73.6 x syllables per word), which puts French texts on the same scale.

Targets: the plain-language level is CEFR B1. On Flesch's scale "plain English" starts at
60 (13-15 year-old readers). Kandel and Moles fitted their constants so that a French text
lands in the same band as its English equivalent, so French keeps the same 60.

Each call builds its own `textstatistics`: textstat's module-level instance keeps the
language in shared state (`set_lang`), which two requests scoring two languages at once
would race on.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from textstat.textstat import textstatistics

# language -> the score at which a text reads as plain (CEFR B1).
TARGETS = {"en": 60, "fr": 60}
DEFAULT_LANGUAGE = "en"

# Flesch's bands, easiest first: (lowest score, word).
BANDS = [
    (90, _("very easy")),
    (80, _("easy")),
    (70, _("fairly easy")),
    (60, _("plain")),
    (50, _("fairly difficult")),
    (30, _("difficult")),
    (0, _("very difficult")),
]


def _base_language(language: str) -> str:
    base = (language or DEFAULT_LANGUAGE).split("-")[0].split("_")[0].lower()
    return base if base in TARGETS else DEFAULT_LANGUAGE


def reading_ease_score(text: str, language: str) -> int | None:
    """The score of `text` (HTML tags ignored) in `language`, clamped to 0-100; None when
    there is nothing to read."""
    plain = " ".join(strip_tags(text or "").split())
    if not any(character.isalpha() for character in plain):
        return None
    scorer = textstatistics()
    scorer.set_lang(_base_language(language))
    return max(0, min(100, round(scorer.flesch_reading_ease(plain))))


def reading_ease_of_parts(parts: Iterable[str], language: str) -> int | None:
    """The score of several blocks of one text (rich-text fields), each its own paragraph
    so that no sentence runs from one into the next."""
    return reading_ease_score("\n".join(f"<p>{part}</p>" for part in parts if part), language)


@dataclass(frozen=True)
class ReadingEase:
    """A stored score with what it means, for editors and the public."""

    score: int
    language: str

    @property
    def target(self) -> int:
        return TARGETS[_base_language(self.language)]

    @property
    def meets_target(self) -> bool:
        return self.score >= self.target

    @property
    def band(self) -> str:
        return str(next(word for lowest, word in BANDS if self.score >= lowest))


def reading_ease(score: int | None, language: str) -> ReadingEase | None:
    return None if score is None else ReadingEase(score=score, language=language)
