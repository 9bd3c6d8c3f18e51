"""What a consultation's stream carries, rendered once per event for every kind of reader.

A reader's socket joins one group per consultation: its language and whether it may take
part (participants get the reply link and the reaction buttons; everyone else gets the
counts). The publisher renders the event once for each group, with the same templates and
the same `queries.comment_views` the page uses, so a fragment never shows what that reader's
page would not: no identity behind a pseudonym (the stream renders as a participant or a
signed-out reader sees it, never as staff), and no held comment except to its author, whose
socket renders their own view (consumers.py). CSRF tokens in fragments are a placeholder
the page's script replaces with the page's own token.
"""

import json
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.permissions import IN_STAFF_GROUP, VERIFIED_EMAIL
from consult.consultations.models import ConsultationPage
from consult.core.fragments import CSRF_PLACEHOLDER
from consult.core.viewer import Viewer
from consult.discussion import permissions, queries
from consult.discussion.models import Comment, CommentState

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
# Reactions are read back this far when tallies are sent: the coalescing window plus room
# for a slow transaction whose reaction was stamped before it committed.
REACTIONS_LOOKBACK_SECONDS = 10


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def group_name(consultation_id: int, language: str, variant: str) -> str:
    return f"live.c{consultation_id}.{language}.{variant}"


def variant_for(user, consultation: ConsultationPage) -> str:
    return "participant" if permissions.can_participate(user, consultation) else "public"


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


def _pages_by_language(consultation: ConsultationPage) -> dict[str, ConsultationPage]:
    """The live page of each language (the canonical page where a translation is missing)."""
    pages = {
        page.locale.language_code: page
        for page in ConsultationPage.objects.live()
        .filter(translation_key=consultation.translation_key)
        .select_related("locale")
    }
    return {code: pages.get(code, consultation) for code in languages()}


def _stand_in_participant() -> Viewer:
    """A signed-in participant with a verified address who wrote nothing: the reader a
    participant's fragment is rendered for (their own reactions come with the page)."""
    viewer = Viewer(User(pk=0, is_active=True))
    viewer.know(**{VERIFIED_EMAIL: True, IN_STAFF_GROUP: False})
    return viewer


VIEWERS = {"public": AnonymousUser, "participant": _stand_in_participant}


def render_comment(comment: Comment, *, viewer, page: ConsultationPage) -> str:
    (view,) = queries.comment_views([comment], viewer=viewer, consultation=comment.consultation)
    context = {"comment": view, "page": page, "csrf_token": CSRF_PLACEHOLDER}
    return render_to_string("discussion/comment.html", context)


def _comment_count_text(count: int) -> str:
    # The msgids of the page's heading (discussion/section.html), so translations are shared.
    return ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count}


def comment_payload(comment: Comment, *, kind: str, html: str, count_text: str) -> dict:
    payload = {
        "type": COMMENT_OPS[kind],
        "id": comment.pk,
        "parent": comment.parent_id,
        "html": html,
        "count": count_text,
    }
    if kind in ("created", "approved") and comment.state == CommentState.VISIBLE:
        payload["announce"] = (
            _("A new reply was posted.") if comment.parent_id else _("A new comment was posted.")
        )
    elif kind == "held":
        payload["announce"] = _("Your comment is waiting for review.")
    return payload


def _load_comment(comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related("consultation", "author__profile", "parent__author__profile")
        .filter(pk=comment_id)
        .first()
    )


def comment_event(comment_id: int, *, kind: str) -> Event | None:
    """The event for a comment change, read back from the committed rows."""
    comment = _load_comment(comment_id)
    if comment is None:
        return None
    consultation = comment.consultation
    pages = _pages_by_language(consultation)
    count = Comment.objects.filter(consultation=consultation, state=CommentState.VISIBLE).count()
    texts = {}
    # One reader of each kind for every language: what the checks learn of them is kept.
    viewers = {variant: VIEWERS[variant]() for variant in VARIANTS}
    for language, page in pages.items():
        with translation.override(language):
            count_text = _comment_count_text(count)
            for variant, viewer in viewers.items():
                html = render_comment(comment, viewer=viewer, page=page)
                texts[f"{language}.{variant}"] = comment_payload(
                    comment, kind=kind, html=html, count_text=count_text
                )
    return Event(
        consultation_id=consultation.pk,
        kind=kind,
        texts=texts,
        comment_id=comment.pk,
        author_id=comment.author_id,
        private=comment.state == CommentState.HELD,
    )


def own_comment_text(comment_id: int, *, kind: str, user, language: str, seq: int) -> str:
    """The event as the comment's author sees it, in their socket's language."""
    comment = _load_comment(comment_id)
    if comment is None or comment.author_id != user.pk:
        return client_text(seq, {})
    page = _pages_by_language(comment.consultation)[language]
    with translation.override(language):
        count = Comment.objects.filter(
            consultation=comment.consultation, state=CommentState.VISIBLE
        ).count()
        html = render_comment(comment, viewer=user, page=page)
        payload = comment_payload(
            comment, kind=kind, html=html, count_text=_comment_count_text(count)
        )
    return client_text(seq, payload)


def tallies_event(consultation: ConsultationPage) -> Event:
    """Position tallies and the reaction counts of comments reacted to lately."""
    since = timezone.now() - timedelta(seconds=REACTIONS_LOOKBACK_SECONDS)
    counts = {
        str(pk): [agree, disagree, passed]
        for pk, agree, disagree, passed in Comment.objects.filter(
            consultation=consultation, counts_changed_at__gte=since, state=CommentState.VISIBLE
        ).values_list("pk", "agree_count", "disagree_count", "pass_count")
    }
    panel = queries.PositionPanel(
        tallies=queries.position_tallies(consultation), own_position=None, refusal=""
    )
    texts = {}
    for language, page in _pages_by_language(consultation).items():
        with translation.override(language):
            html = render_to_string("discussion/position.html", {"position": panel, "page": page})
        for variant in VARIANTS:
            texts[f"{language}.{variant}"] = {
                "type": "tallies",
                "positions": html,
                "reactions": counts,
            }
    return Event(consultation_id=consultation.pk, kind="tallies", texts=texts)


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
