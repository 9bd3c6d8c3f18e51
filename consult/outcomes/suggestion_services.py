"""Writes of machine theme suggestions: the comments' stored embeddings, a run of
suggestions, and the staff's decisions on each (accept, merge, split, rename, reject).

A suggestion never reaches a summary by itself: only `suggestion_accept` turns one into a
Theme, which records that it began as a machine suggestion and who accepted it. Every
decision leaves an entry in the suggestion's Wagtail history.
"""

import hashlib

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.errors import NotAllowed
from consult.core.ratelimit import rate_limit_consume
from consult.discussion.models import Comment, CommentState
from consult.outcomes import embeddings, permissions
from consult.outcomes.models import (
    CommentEmbedding,
    CommentTheme,
    SuggestionRunState,
    SuggestionState,
    Theme,
    ThemeSuggestion,
    ThemeSuggestionRun,
)
from consult.outcomes.services import theme_create
from consult.outcomes.suggestions import SuggestedTheme, split_in_two, suggest_themes

# Comments embedded per call to the model by the backfill and a run.
BATCH = 64
NAME_PHRASES = 3


# --- embeddings -------------------------------------------------------------------------
def _digest(text: str) -> str:
    return hashlib.sha256(f"{embeddings.MODEL_NAME}\n{text}".encode()).hexdigest()


def _analysable(comments):
    """What automated analysis may read: comments whose authors allow it, with words."""
    return comments.filter(automated_analysis=True).exclude(state=CommentState.REMOVED_BY_AUTHOR)


def comment_embeddings_store(*, comments: list[Comment]) -> int:
    """Compute and store the embeddings of `comments` that lack an up-to-date one; an
    unchanged text costs nothing. Returns how many were computed."""
    current = dict(
        CommentEmbedding.objects.filter(comment__in=comments).values_list(
            "comment_id", "text_digest"
        )
    )
    due = [c for c in comments if current.get(c.pk) != _digest(c.body_source)]
    for start in range(0, len(due), BATCH):
        batch = due[start : start + BATCH]
        vectors = embeddings.embed([c.body_source for c in batch])
        for comment, vector in zip(batch, vectors, strict=True):
            CommentEmbedding.objects.update_or_create(
                comment_id=comment.pk,
                defaults={
                    "vector": embeddings.to_bytes(vector),
                    "model": embeddings.MODEL_NAME,
                    "text_digest": _digest(comment.body_source),
                },
            )
    return len(due)


def comment_embedding_refresh(*, comment_id: int) -> bool:
    """After a comment is posted, edited or removed: store its embedding while automated
    analysis may read it, else delete any. True when one is kept."""
    comment = _analysable(Comment.objects.filter(pk=comment_id)).first()
    if comment is None or not comment.body_source.strip():
        CommentEmbedding.objects.filter(comment_id=comment_id).delete()
        return False
    comment_embeddings_store(comments=[comment])
    return True


def comment_embeddings_consent_withdrawn(*, consultation_id: int) -> int:
    """Delete the embeddings of the consultation's comments that automated analysis may no
    longer read (their authors withdrew their consent). Returns how many went."""
    return CommentEmbedding.objects.filter(
        comment__consultation_id=consultation_id, comment__automated_analysis=False
    ).delete()[0]


def comment_embeddings_backfill(*, consultation: ConsultationPage | None = None) -> int:
    """Embed every analysable comment (of one consultation, or all) that has none."""
    comments = _analysable(Comment.objects.all()).exclude(body_source="")
    if consultation is not None:
        comments = comments.filter(consultation=canonical_consultation(consultation))
    missing = comments.filter(
        ~Exists(CommentEmbedding.objects.filter(comment_id=OuterRef("pk")))
    ).order_by("pk")
    done = 0
    while batch := list(missing[: BATCH * 8]):
        done += comment_embeddings_store(comments=batch)
    return done


def _vectors_of(comments: list[Comment]) -> np.ndarray:
    comment_embeddings_store(comments=comments)
    stored = dict(
        CommentEmbedding.objects.filter(comment__in=comments).values_list("comment_id", "vector")
    )
    return np.stack([embeddings.from_bytes(stored[c.pk]) for c in comments])


# --- a run ------------------------------------------------------------------------------
def _refuse_unless_decider(user: User, consultation: ConsultationPage) -> None:
    if not permissions.can_decide_theme_suggestions(user, consultation):
        raise NotAllowed(_("Only editors with two-factor authentication decide themes."))


def theme_suggestions_request(*, consultation: ConsultationPage, user: User) -> ThemeSuggestionRun:
    """Ask for suggestions; a background task computes them. A run still queued is
    returned rather than a second one started."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_decider(user, consultation)
    queued = ThemeSuggestionRun.objects.filter(
        consultation=consultation, state=SuggestionRunState.QUEUED
    ).first()
    if queued is not None:
        return queued
    rate_limit_consume(action="theme_suggestions", key=str(user.pk))
    from consult.outcomes.tasks import theme_suggestions_compute

    with transaction.atomic():
        run = ThemeSuggestionRun.objects.create(consultation=consultation, requested_by=user)
        log(instance=run, action="outcomes.suggestions.requested", user=user)
        transaction.on_commit(lambda: theme_suggestions_compute.enqueue(run_id=run.pk))
    return run


def theme_suggestions_compute(*, run_id: int) -> ThemeSuggestionRun | None:
    """The task's work: cluster the consultation's visible, analysable comments (their
    stored embeddings, computing any missing) and store each group as an open suggestion."""
    run = ThemeSuggestionRun.objects.filter(pk=run_id, state=SuggestionRunState.QUEUED).first()
    if run is None:
        return None
    comments = list(
        _analysable(Comment.objects.filter(consultation_id=run.consultation_id))
        .filter(state=CommentState.VISIBLE)
        .exclude(body_source="")
        .order_by("pk")
    )
    try:
        result = suggest_themes(
            [c.body_source for c in comments],
            languages=[c.language[:2] or None for c in comments],
            vectors=_vectors_of(comments) if comments else None,
        )
    except Exception:
        run.state = SuggestionRunState.FAILED
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "finished_at"])
        raise
    with transaction.atomic():
        _suggestions_create(run.pk, result.themes, comments)
        run.outlier_ids = [comments[i].pk for i in result.outliers]
        run.comment_count = len(comments)
        run.state = SuggestionRunState.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["outlier_ids", "comment_count", "state", "finished_at"])
    return run


def _suggestions_create(
    run_id: int, themes: list[SuggestedTheme], comments: list[Comment]
) -> list[ThemeSuggestion]:
    """Store groups found among `comments` (their members are indices into it) as open
    suggestions of the run, named by their first keyphrases."""
    return ThemeSuggestion.objects.bulk_create(
        ThemeSuggestion(
            run_id=run_id,
            name=_name(theme.keyphrases),
            keyphrases=theme.keyphrases_by_language,
            language=theme.language,
            comment_ids=[comments[i].pk for i in theme.members],
        )
        for theme in themes
    )


def _name(keyphrases: list[str]) -> str:
    return (", ".join(keyphrases[:NAME_PHRASES]) or _("Unnamed group"))[:120]


# --- decisions --------------------------------------------------------------------------
def _decide(suggestion: ThemeSuggestion, user: User) -> ThemeSuggestion:
    """Check who decides, count it, and lock the suggestion, still open."""
    _refuse_unless_decider(user, suggestion.run.consultation)
    rate_limit_consume(action="theme_suggestion_decision", key=str(user.pk))
    locked = ThemeSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.state != SuggestionState.OPEN:
        raise ValidationError(_("Someone has already decided this suggestion."), code="decided")
    return locked


def _close(suggestion: ThemeSuggestion, user: User, state: str, **data) -> None:
    suggestion.state = state
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save()
    log(instance=suggestion, action=f"outcomes.suggestion.{state}", user=user, data=data)


def suggestion_accept(*, suggestion: ThemeSuggestion, user: User, name: str = "") -> Theme:
    """Make the suggestion a theme, linked to its comments still visible: the theme records
    that a machine drafted it and who accepted it."""
    with transaction.atomic():
        locked = _decide(suggestion, user)
        theme = theme_create(consultation=locked.run.consultation, name=name or locked.name)
        theme.machine_suggested = True
        theme.accepted_by = user
        theme.accepted_at = timezone.now()
        theme.save(update_fields=["machine_suggested", "accepted_by", "accepted_at"])
        visible = Comment.objects.filter(
            pk__in=locked.comment_ids,
            consultation_id=theme.consultation_id,
            state=CommentState.VISIBLE,
        ).values_list("pk", flat=True)
        CommentTheme.objects.bulk_create(CommentTheme(theme=theme, comment_id=pk) for pk in visible)
        locked.theme = theme
        _close(locked, user, SuggestionState.ACCEPTED, theme=theme.pk, name=theme.name)
        log(
            instance=theme,
            action="outcomes.theme.accepted_from_suggestion",
            user=user,
            data={"suggestion": locked.pk},
        )
    return theme


def suggestion_reject(*, suggestion: ThemeSuggestion, user: User) -> ThemeSuggestion:
    with transaction.atomic():
        locked = _decide(suggestion, user)
        _close(locked, user, SuggestionState.REJECTED)
    return locked


def suggestion_rename(*, suggestion: ThemeSuggestion, user: User, name: str) -> ThemeSuggestion:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the suggestion a name.")}, code="required")
    with transaction.atomic():
        locked = _decide(suggestion, user)
        before = locked.name
        locked.name = name[:120]
        locked.save(update_fields=["name"])
        log(
            instance=locked,
            action="outcomes.suggestion.renamed",
            user=user,
            data={"from": before, "to": locked.name},
        )
    return locked


def suggestion_merge(
    *, suggestion: ThemeSuggestion, other: ThemeSuggestion, user: User
) -> ThemeSuggestion:
    """Fold `other` into `suggestion` (same run): its comments follow the first's."""
    if other.pk == suggestion.pk or other.run_id != suggestion.run_id:
        raise ValidationError(_("Choose another suggestion of the same run."), code="other")
    with transaction.atomic():
        locked = _decide(suggestion, user)
        folded = _decide(other, user)
        locked.comment_ids = locked.comment_ids + [
            pk for pk in folded.comment_ids if pk not in set(locked.comment_ids)
        ]
        for language, phrases in folded.keyphrases.items():
            mine = locked.keyphrases.setdefault(language, [])
            mine.extend(p for p in phrases if p not in mine)
        locked.save(update_fields=["comment_ids", "keyphrases"])
        _close(folded, user, SuggestionState.MERGED, into=locked.pk)
        log(
            instance=locked,
            action="outcomes.suggestion.merged",
            user=user,
            data={"from": folded.pk},
        )
    return locked


def suggestion_split(*, suggestion: ThemeSuggestion, user: User) -> list[ThemeSuggestion]:
    """Re-cluster the suggestion's comments into two new suggestions."""
    comments = list(
        Comment.objects.filter(pk__in=suggestion.comment_ids, automated_analysis=True)
        .exclude(state=CommentState.REMOVED_BY_AUTHOR)
        .order_by("pk")
    )
    if len(comments) < 2:
        raise ValidationError(_("A suggestion needs two comments to be split."), code="small")
    halves = split_in_two(
        [c.body_source for c in comments],
        _vectors_of(comments),
        languages=[c.language[:2] or None for c in comments],
    )
    with transaction.atomic():
        locked = _decide(suggestion, user)
        created = _suggestions_create(locked.run_id, halves, comments)
        _close(locked, user, SuggestionState.SPLIT, into=[s.pk for s in created])
    return created
