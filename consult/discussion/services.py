"""Every write to a consultation's discussion: one function per state change.

Each checks the named permission (consult.discussion.permissions), counts the rate limit,
validates, and writes atomically. Contributions always land on the canonical consultation
page, whichever language version they were posted from.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.models import User
from accounts.privacy.models import ConsentPurpose, DeletionMode
from accounts.queries import profile_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.errors import NotAllowed, refuse_if
from consult.core.ratelimit import rate_limit_consume
from consult.core.sanitize import render_comment_markdown
from consult.core.viewer import Viewer
from consult.discussion import permissions, queries, reaction_rows
from consult.discussion.models import (
    Comment,
    CommentRevision,
    CommentState,
    Participation,
    Position,
    Reaction,
)
from consult.discussion.signals import analysis_consent_changed, reaction_recorded
from consult.realtime import publish

# Wagtail hook: functions of (comment=) run inside comment_create's transaction, once the
# comment is saved; raising NotAllowed refuses it.
COMMENT_SCREEN_HOOK = "discussion_comment_screen"


def _refuse_unless_participant(user: User, consultation: ConsultationPage) -> None:
    if refusal := permissions.participation_refusal(user, consultation):
        raise NotAllowed(str(permissions.REFUSALS[refusal]))


def _set_body(comment: Comment, body: str) -> None:
    body = body.strip()
    limit = settings.CONSULT_COMMENT_MAX_LENGTH
    if not body:
        raise ValidationError({"body": _("Write something before posting.")}, code="required")
    if len(body) > limit:
        raise ValidationError(
            {
                "body": _(
                    "Comments can be at most %(limit)d characters long; this one has %(length)d."
                )
                % {"limit": limit, "length": len(body)}
            },
            code="max_length",
        )
    comment.body_source = body
    comment.body_html = render_comment_markdown(body)


def comment_create(
    *,
    consultation: ConsultationPage,
    author: User,
    body: str,
    display_mode: str,
    parent: Comment | None = None,
    research_use: bool | None = None,
    automated_analysis: bool | None = None,
    language: str | None = None,
) -> Comment:
    """Post a top-level comment, or a reply to `parent`, as `author` chose to appear and
    with the uses they allow it; a use left as None takes their profile's choice. Its
    `language` is the page's it was posted from, the active one unless given."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(author, consultation)
    if parent is not None:
        refuse_if(permissions.reply_refusal(author, parent, consultation))
    rate_limit_consume(action="comment", key=str(author.pk))
    profile = profile_for(author)
    comment = Comment(
        consultation=consultation,
        parent=parent,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author=author,
        author_display_mode=display_mode,
        author_stakeholder_group=profile.stakeholder_group,
        author_organisation=profile.organisation,
        research_use=profile.research_consent if research_use is None else research_use,
        automated_analysis=(
            profile.automated_analysis_consent if automated_analysis is None else automated_analysis
        ),
        language=language or get_language(),
    )
    _set_body(comment, body)
    # The foreign keys were just checked; validating them again would cost four queries.
    comment.full_clean(exclude=["consultation", "parent", "thread", "author"])
    with transaction.atomic():
        comment.save()
        Participation.objects.update_or_create(
            consultation=consultation, user=author, defaults={"display_mode": display_mode}
        )
        # Moderation, which imports this app, screens it here: pre-moderation or the
        # automated pre-screen may hold it (never hide it), or refuse a reply to a thread
        # locked meanwhile.
        for screen in hooks.get_hooks(COMMENT_SCREEN_HOOK):
            screen(comment=comment)
        publish.comment_changed(comment, kind="created")
    return comment


def comment_edit(*, comment: Comment, author: User, body: str) -> Comment:
    """Replace the text of the author's own comment, keeping the old text as a revision."""
    refuse_if(permissions.edit_refusal(author, comment, comment.consultation))
    rate_limit_consume(action="comment_edit", key=str(author.pk))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        refuse_if(permissions.edit_refusal(author, locked, comment.consultation))
        if body.strip() == locked.body_source:
            return locked
        revision = CommentRevision(
            comment=locked,
            body_source=locked.body_source,
            body_html=locked.body_html,
            written_at=locked.edited_at or locked.created_at,
        )
        _set_body(locked, body)
        locked.edited_at = timezone.now()
        revision.save()
        locked.save(update_fields=["body_source", "body_html", "edited_at"])
        publish.comment_changed(locked, kind="edited")
    return locked


def comment_delete(*, comment: Comment, author: User) -> Comment:
    """The author withdraws their comment. Its words go (revisions too); where replies
    exist the page shows a tombstone in its place so the conversation still reads."""
    refuse_if(permissions.delete_refusal(author, comment, comment.consultation))
    rate_limit_consume(action="comment_edit", key=str(author.pk))
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        refuse_if(permissions.delete_refusal(author, locked, comment.consultation))
        locked.state = CommentState.REMOVED_BY_AUTHOR
        locked.body_source = ""
        locked.body_html = ""
        locked.save(update_fields=["state", "body_source", "body_html"])
        locked.revisions.all().delete()
        publish.comment_changed(locked, kind="removed")
    return locked


def position_set(
    *, consultation: ConsultationPage, user: User, stance: str, reason: str = ""
) -> Position:
    """Record or change the user's position on the proposal: one row per participant,
    however many requests race (the unique constraint and a locked re-read decide)."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(user, consultation)
    rate_limit_consume(action="position", key=str(user.pk))
    profile = profile_for(user)
    values = {
        "stance": stance,
        "reason": reason.strip(),
        "author_stakeholder_group": profile.stakeholder_group,
        "author_organisation": profile.organisation,
    }
    Position(consultation=consultation, user=user, **values).full_clean(
        exclude=["consultation", "user"], validate_constraints=False
    )
    position, _created = Position.objects.update_or_create(
        consultation=consultation, user=user, defaults=values
    )
    publish.tallies_changed(consultation=consultation)
    return position


def position_withdraw(*, consultation: ConsultationPage, user: User) -> bool:
    """Take back the user's position while the consultation is open; the tallies are
    counted from the rows, so they drop at once. Returns whether there was one."""
    consultation = canonical_consultation(consultation)
    _refuse_unless_participant(user, consultation)
    rate_limit_consume(action="position", key=str(user.pk))
    deleted, _rows = Position.objects.filter(consultation=consultation, user=user).delete()
    if deleted:
        publish.tallies_changed(consultation=consultation)
    return bool(deleted)


def reaction_set(*, comment: Comment, user: User | Viewer, value: str) -> None:
    """Agree, disagree or pass on someone else's comment; changing it moves the counters,
    and `comment`'s counters are left as they now are. `user` may be the request's viewer,
    whose checks then answer from what the reaction's read learnt."""
    if value not in reaction_rows.COUNTERS:
        raise ValidationError({"value": _("Choose agree, disagree or pass.")}, code="invalid")
    _reaction_change(comment=comment, user=user, value=value)


def reaction_withdraw(*, comment: Comment, user: User | Viewer) -> None:
    """Take back one's reaction to a comment (nothing happens if there was none); `comment`'s
    counters are left as they now are."""
    _reaction_change(comment=comment, user=user, value=None)


def _reaction_change(*, comment: Comment, user: User | Viewer, value: str | None) -> None:
    """Set (`value`) or withdraw (None) the user's reaction to `comment`, its counters moving
    with it (consult.discussion.reaction_rows). `comment` as queries.reaction_target read it
    for `user` carries their reaction then, a first guess that saves a query.

    A comment hidden between the check and the write refuses the reaction. Refused or over
    the rate limit, nothing is written.
    """
    consultation = comment.consultation
    refuse_if(permissions.reaction_refusal(user, comment, consultation))
    rate_limit_consume(action="reaction", key=str(user.pk))
    believed = getattr(comment, "participant_reaction", queries.UNKNOWN)
    counts = reaction_rows.write(comment, user, value, believed)
    if counts is not None:
        for name, count in zip(reaction_rows.COUNTERS.values(), counts, strict=True):
            setattr(comment, name, count)
    publish.tallies_changed(consultation=consultation, comment=comment)
    if counts is not None:
        reaction_recorded.send(sender=Reaction, consultation_id=comment.consultation_id)


def comment_counters_rebuild(*, consultation: ConsultationPage) -> int:
    """Recount every comment's reactions from the rows; returns how many comments."""
    consultation = canonical_consultation(consultation)

    def count(value: str):
        rows = (
            Reaction.objects.filter(comment=OuterRef("pk"), value=value)
            .values("comment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows), Value(0))

    rebuilt = Comment.objects.filter(consultation=consultation).update(
        **{field: count(value) for value, field in reaction_rows.COUNTERS.items()}
    )
    publish.page_changed(consultation=consultation)
    return rebuilt


# The Comment field each consent purpose governs.
_CONSENT_FIELD = {
    ConsentPurpose.RESEARCH: "research_use",
    ConsentPurpose.AUTOMATED_ANALYSIS: "automated_analysis",
}


def contributions_consent_withdraw(*, user: User, purpose: str) -> int:
    """Take a use away from every comment of `user` (accounts.privacy calls this when they
    withdraw it from all their contributions). The open data and exports read the rows, so
    they honour it at once; opinion groups are recomputed without the comments."""
    field = _CONSENT_FIELD[ConsentPurpose(purpose)]
    own = Comment.objects.filter(author=user, **{field: True})
    consultation_ids = set(own.values_list("consultation_id", flat=True))
    changed = own.update(**{field: False})
    if field == "automated_analysis":
        for consultation_id in consultation_ids:
            analysis_consent_changed.send(sender=Comment, consultation_id=consultation_id)
    return changed


def contributions_anonymise_after_outcome(*, now: datetime) -> int:
    """Retention: the discussion of every consultation whose outcome was published more than
    CONSULT_RETENTION_AFTER_OUTCOME_DAYS before `now` keeps its words and its tallies, and
    loses who took part. Comments lose their author and organisation, each participant's
    choice of name or pseudonym goes (so no pseudonym links their comments either), and
    positions and reactions lose their participant: they still count, under the stakeholder
    group they were given with, so tallies and counters stay exact. Returns the rows changed."""
    cutoff = now - timedelta(days=settings.CONSULT_RETENTION_AFTER_OUTCOME_DAYS)
    due = ConsultationPage.objects.filter(outcome_published_at__lte=cutoff).values("pk")
    changed = 0
    with transaction.atomic():
        comments = Comment.objects.filter(consultation__in=due).exclude(
            author__isnull=True, author_organisation=""
        )
        consultation_ids = set(comments.values_list("consultation_id", flat=True))
        changed += comments.update(author=None, author_organisation="")
        changed += Participation.objects.filter(consultation__in=due).delete()[0]
        positions = Position.objects.filter(consultation__in=due).exclude(
            user__isnull=True, author_organisation=""
        )
        consultation_ids |= set(positions.values_list("consultation_id", flat=True))
        changed += positions.update(user=None, author_organisation="")
        changed += Reaction.objects.filter(consultation__in=due, user__isnull=False).update(
            user=None
        )
        for consultation in ConsultationPage.objects.filter(pk__in=consultation_ids):
            publish.page_changed(consultation=consultation)
    return changed


def contributions_erase_for_user(*, user: User, mode: str) -> None:
    """A leaving participant's part in every discussion (accounts.privacy calls this when an
    account is deleted). Comments are anonymised or removed as `mode` says; reactions and
    positions go with the account, and the counters they fed are recounted."""
    own = Comment.objects.filter(author=user)
    consultation_ids = set(own.values_list("consultation_id", flat=True))
    reactions = Reaction.objects.filter(user=user)
    consultation_ids |= set(reactions.values_list("consultation_id", flat=True))
    if mode == DeletionMode.ANONYMISE:
        own.update(author=None, author_organisation="")
    else:
        # Leaves first, repeatedly, so a chain of the user's own replies goes entirely.
        has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
        while own.filter(~has_replies).exists():
            own.filter(~has_replies).delete()
        kept = list(own.values_list("pk", flat=True))
        CommentRevision.objects.filter(comment__in=kept).delete()
        Comment.objects.filter(pk__in=kept).update(
            author=None,
            author_organisation="",
            body_source="",
            body_html="",
            state=CommentState.REMOVED_BY_AUTHOR,
        )
    reactions.delete()
    Position.objects.filter(user=user).delete()
    for consultation in ConsultationPage.objects.filter(pk__in=consultation_ids):
        comment_counters_rebuild(consultation=consultation)
