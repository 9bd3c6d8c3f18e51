"""What a consultation's stream carries, rendered once per event for every kind of reader.

A reader's socket joins one group per consultation: its language and whether it may take
part (participants get the reply link and the reaction buttons; everyone else gets the
counts). The publisher renders the event once for each group, and the app that keeps
comments renders theirs (consult/discussion/live.py, registered as a CommentStream) with the
same templates and the same `queries.comment_views` the page uses, so a fragment never shows
what that reader's page would not: no identity behind a pseudonym (the stream renders as a
participant or a signed-out reader sees it, never as staff), and no held comment except to
its author, whose socket renders their own view (consumers.py). CSRF tokens in fragments are
a placeholder the page's script replaces with the page's own token.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from consult.consultations.models import ConsultationPage
from consult.consultations.permissions import write_refusal

VARIANTS = ("public", "participant")
# What each kind of comment change does on the page.
COMMENT_OPS = {
    "created": "comment",
    "approved": "comment",
    "restored": "comment",
    "held": "comment",
    "edited": "edit",
    "removed": "remove",
    "hidden": "remove",
}
# Kinds after which the author's own socket renders the comment as the author sees it
# (their own controls, their held comment, the appeal link on a hidden one).
OWN_VIEW_KINDS = frozenset({"created", "approved", "restored", "held", "hidden"})


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def group_name(consultation_id: int, language: str, variant: str) -> str:
    return f"live.c{consultation_id}.{language}.{variant}"


def variant_for(user, consultation: ConsultationPage) -> str:
    return "participant" if write_refusal(user, consultation) is None else "public"


@dataclass
class Event:
    """One change on a consultation's stream, rendered for every group.

    `texts` maps "language.variant" to the JSON the client gets, without its number; `author`
    and `private` let each socket decide between that text, the author's own view and a bare
    number (a held comment: others learn only that a number was used)."""

    consultation_id: int
    kind: str
    texts: dict[str, dict]
    comment_id: int | None = None
    author_id: int | None = None
    private: bool = False
    extra: dict = field(default_factory=dict)

    def message(self, seq: int, key: str) -> dict:
        """The channel layer message for the group `key`."""
        return {
            "type": "live.event",
            "seq": seq,
            "kind": self.kind,
            "comment": self.comment_id,
            "author": self.author_id,
            "private": self.private,
            "text": client_text(seq, self.texts[key]),
        }

    def stored(self, seq: int) -> dict:
        """What the replay buffer keeps: every group's message."""
        return {key: self.message(seq, key) for key in self.texts}


def client_text(seq: int, payload: dict) -> str:
    return json.dumps({"seq": seq, **payload}, separators=(",", ":"))


def pages_by_language(consultation: ConsultationPage) -> dict[str, ConsultationPage]:
    """The live page of each language (the canonical page where a translation is missing)."""
    pages = {
        page.locale.language_code: page
        for page in ConsultationPage.objects.live()
        .filter(translation_key=consultation.translation_key)
        .select_related("locale")
    }
    return {code: pages.get(code, consultation) for code in languages()}


@dataclass(frozen=True)
class CommentStream:
    """How the app that keeps comments renders their events: `comment(comment_id, kind=)`
    the event for every group (None when the comment is gone), `own(comment_id, kind=,
    user=, language=, seq=)` its author's own view as the client's text, `tallies(
    consultation)` the tallies' event."""

    comment: Callable[..., Event | None]
    own: Callable[..., str]
    tallies: Callable[[ConsultationPage], Event]


# Filled by the discussion app (its AppConfig.ready()): the streams sit below the services
# that publish to them, so the comments they carry are rendered by the app that keeps them.
_comment_streams: list[CommentStream] = []


def register_comment_stream(stream: CommentStream) -> None:
    if stream not in _comment_streams:
        _comment_streams.append(stream)


def comment_event(comment_id: int, *, kind: str) -> Event | None:
    """The event for a comment change, read back from the committed rows."""
    stream = _comment_stream()
    return stream.comment(comment_id, kind=kind) if stream else None


def own_comment_text(comment_id: int, *, kind: str, user, language: str, seq: int) -> str:
    """The event as the comment's author sees it, in their socket's language."""
    stream = _comment_stream()
    if stream is None:
        return client_text(seq, {})
    return stream.own(comment_id, kind=kind, user=user, language=language, seq=seq)


def tallies_event(consultation: ConsultationPage) -> Event | None:
    """Position tallies and the reaction counts of comments reacted to lately."""
    stream = _comment_stream()
    return stream.tallies(consultation) if stream else None


def _comment_stream() -> CommentStream | None:
    return _comment_streams[0] if _comment_streams else None


STATUS_MESSAGES = {
    "open": lambda: _("This consultation is now open."),
    "opened": lambda: _("This consultation is now open."),
    "closed": lambda: _("This consultation is now closed."),
    "outcome_published": lambda: _("The outcome of this consultation is published."),
    "summary_published": lambda: _("The outcome of this consultation is published."),
}


def status_event(consultation_id: int, *, status: str) -> Event:
    texts = {}
    for language in languages():
        with translation.override(language):
            message = STATUS_MESSAGES[status]() if status in STATUS_MESSAGES else ""
        for variant in VARIANTS:
            texts[f"{language}.{variant}"] = {
                "type": "status",
                "status": status,
                "announce": message,
            }
    return Event(consultation_id=consultation_id, kind="status", texts=texts)
