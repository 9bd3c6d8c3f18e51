"""The discussion's events on a consultation's live stream, rendered once per language and
kind of reader (consult.realtime.events) with the page's own templates and queries; the
streams ask for them through the CommentStream this app registers."""

from datetime import timedelta

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
from consult.discussion.models import Comment, CommentState
from consult.discussion.queries.comment_views import comment_views
from consult.discussion.queries.positions import PositionPanel, position_tallies
from consult.realtime.events import (
    COMMENT_OPS,
    VARIANTS,
    CommentStream,
    Event,
    client_text,
    pages_by_language,
)

# Reactions are read back this far when tallies are sent: the coalescing window plus room
# for a slow transaction whose reaction was stamped before it committed.
REACTIONS_LOOKBACK_SECONDS = 10


def _stand_in_participant() -> Viewer:
    """A signed-in participant with a verified address who wrote nothing: the reader a
    participant's fragment is rendered for (their own reactions come with the page)."""
    viewer = Viewer(User(pk=0, is_active=True))
    viewer.know(**{VERIFIED_EMAIL: True, IN_STAFF_GROUP: False})
    return viewer


VIEWERS = {"public": AnonymousUser, "participant": _stand_in_participant}


def render_comment(comment: Comment, *, viewer, page: ConsultationPage) -> str:
    (view,) = comment_views([comment], viewer=viewer, consultation=comment.consultation)
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
    pages = pages_by_language(consultation)
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
    page = pages_by_language(comment.consultation)[language]
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
    panel = PositionPanel(tallies=position_tallies(consultation), own_position=None, refusal="")
    texts = {}
    for language, page in pages_by_language(consultation).items():
        with translation.override(language):
            html = render_to_string("discussion/position.html", {"position": panel, "page": page})
        for variant in VARIANTS:
            texts[f"{language}.{variant}"] = {
                "type": "tallies",
                "positions": html,
                "reactions": counts,
            }
    return Event(consultation_id=consultation.pk, kind="tallies", texts=texts)


STREAM = CommentStream(comment=comment_event, own=own_comment_text, tallies=tallies_event)
