"""Every write of the outcomes: themes and tags, the summary's publication, follows and the
announcements followers get. One function per state change; emails leave from background
tasks after the transaction commits."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.log_actions import log
from wagtail.models import Revision

from accounts.models import User
from accounts.permissions import has_verified_email
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.consultations.status import ConsultationStatus
from consult.core.ratelimit import rate_limit_consume
from consult.discussion.models import Comment, CommentState
from consult.notifications.services import in_language_of, notify
from consult.outcomes.citations import citations_announce
from consult.outcomes.models import (
    CommentTheme,
    ConsultationEvent,
    EventKind,
    Follow,
    SummaryPage,
    Theme,
)
from consult.realtime import publish

logger = logging.getLogger(__name__)

CONFIRM_SALT = "consult.outcomes.follow.confirm"
UNSUBSCRIBE_SALT = "consult.outcomes.follow.unsubscribe"
CONFIRM_MAX_AGE = timedelta(days=7)
# Opening or closing longer ago than this is old news: the first run of the announcer on an
# existing site must not mail about every consultation that ever opened.
ANNOUNCE_WITHIN = timedelta(days=2)


# --- themes -----------------------------------------------------------------------------
def theme_create(*, consultation: ConsultationPage, name: str) -> Theme:
    consultation = canonical_consultation(consultation)
    theme = Theme(consultation=consultation, name=" ".join(name.split()))
    # The unique name is checked below, in words an analyst can act on.
    theme.full_clean(exclude=["consultation"], validate_constraints=False)
    duplicate = ValidationError(
        {"name": _("This consultation already has a theme with that name.")}, code="unique"
    )
    if Theme.objects.filter(consultation=consultation, name__iexact=theme.name).exists():
        raise duplicate
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError:  # a colleague created it a moment ago
        raise duplicate from None
    return theme


def comments_tag(*, theme: Theme, comment_ids: list[int], tagged: bool) -> int:
    """Tag (or untag) comments of the theme's consultation; returns how many changed.
    Ids of other consultations' comments are ignored."""
    ids = list(
        Comment.objects.filter(
            consultation_id=theme.consultation_id, pk__in=comment_ids
        ).values_list("pk", flat=True)
    )
    if not tagged:
        return CommentTheme.objects.filter(theme=theme, comment_id__in=ids).delete()[0]
    created = CommentTheme.objects.bulk_create(
        [CommentTheme(theme=theme, comment_id=pk) for pk in ids], ignore_conflicts=True
    )
    return len(created)


# --- the summary ------------------------------------------------------------------------
def summary_publish_problems(
    *, consultation: ConsultationPage, responses: dict[int, str]
) -> list[str]:
    """What stops a summary from being published: every theme of the consultation needs a
    response (`responses`: theme id -> text) and at least one visible comment tagged with it,
    so that anyone can trace each outcome back to what people said."""
    consultation = canonical_consultation(consultation)
    themes = Theme.objects.filter(consultation=consultation).annotate(
        linked=Count("taggings", filter=Q(taggings__comment__state=CommentState.VISIBLE))
    )
    problems = []
    if set(responses) - {theme.pk for theme in themes}:
        problems.append(_("Answer only themes of this consultation."))
    for theme in themes:
        if not strip_tags(responses.get(theme.pk, "")).strip():
            problems.append(
                _("The theme “%(theme)s” has no response yet: answer it before publishing.")
                % {"theme": theme.name}
            )
        if not theme.linked:
            problems.append(
                _(
                    "The theme “%(theme)s” is not linked to any visible contribution: tag the "
                    "comments it answers before publishing."
                )
                % {"theme": theme.name}
            )
    if not themes and not responses:
        problems.append(_("Add at least one theme, with the comments it answers, to publish."))
    return problems


class SummaryIncomplete(ValidationError):
    """A version of a summary may not go live; `messages` say why, `page_id` is the summary."""

    def __init__(self, problems: list[str], *, page_id: int):
        super().__init__(problems, code="summary_incomplete")
        self.page_id = page_id


def summary_problems(summary: SummaryPage) -> list[str]:
    """`summary_publish_problems` of one version of a summary, as a revision holds it."""
    responses = {row.theme_id: row.response for row in summary.theme_responses.all()}
    return summary_publish_problems(consultation=summary.get_parent().specific, responses=responses)


def summary_publish_allowed(*, revision: Revision) -> bool:
    """Whether this revision of a summary may go live, or be scheduled to, now.

    Asked by `summary_publish`, which every way of publishing a revision passes: workflow
    approval, bulk publishing, the scheduler, code (the editor's Publish button asks the same
    rule in its form first). While the summary is incomplete the answer is `SummaryIncomplete`,
    for the person publishing to read. A scheduled publication that falls due incomplete has
    nobody to read it: the schedule is cancelled, the refusal logged in the page's history and
    the application log, the editor who scheduled it told, and False lets the scheduler go on
    with other pages. Nothing goes live at a time nobody chose once the summary is fixed."""
    summary = revision.as_object()
    problems = summary_problems(summary)
    if not problems:
        return True
    due = revision.approved_go_live_at
    if due is None or due > timezone.now():
        raise SummaryIncomplete(problems, page_id=summary.pk)
    with transaction.atomic():
        revision.approved_go_live_at = None
        # Wagtail records "publication schedule cancelled" in the page's history; ours says why.
        revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=summary,
            action="outcomes.summary.scheduled_publish_refused",
            data={"problems": problems},
            revision=revision,
        )
        editor = revision.user or summary.owner
        if editor is not None:
            _tell_scheduled_publish_refused(editor, summary)
    logger.warning(
        "Scheduled publication of summary pk=%s revision_id=%s refused, left unpublished: %s",
        summary.pk,
        revision.pk,
        " ".join(problems),
    )
    return False


def _tell_scheduled_publish_refused(editor: User, summary: SummaryPage) -> None:
    with in_language_of(editor):
        notify(
            user=editor,
            kind="summary_publish_refused",
            subject=_("“%(title)s” was not published at its scheduled time")
            % {"title": summary.title},
            body=" ".join(
                [
                    _(
                        "The summary was incomplete when it fell due, so it was not published and "
                        "its schedule was cancelled:"
                    ),
                    *summary_problems(summary),
                    _("Complete it, then publish or schedule it again."),
                ]
            ),
            url=reverse("wagtailadmin_pages:edit", args=[summary.pk]),
        )


def summary_publish[T](*, revision: Revision, publish: Callable[[], T]) -> T | None:
    """Publish (or schedule) a revision of a summary with Wagtail's `publish`, only while it
    may go live (`summary_publish_allowed`), then give it its outcome (`summary_published`).
    Asked by `SummaryPage.publish`, the one place every way of publishing a revision passes
    but the editor's own buttons (they run Wagtail's action after the form asked the same
    rule, and the `after_publish_page` hook gives the outcome)."""
    if not summary_publish_allowed(revision=revision):
        return None
    published = publish()
    summary_published(summary=SummaryPage.objects.get(pk=revision.object_id))
    return published


def summaries_copied(*, page) -> None:
    """A page was copied with its subpages kept live: a summary among them answers the
    themes of the consultation it was copied from, so it stays a draft until completed."""
    for summary in SummaryPage.objects.live().descendant_of(page, inclusive=True):
        summary_published(summary=summary)


def summary_published(*, summary: SummaryPage) -> None:
    """A language version of the summary went live. The first time for its consultation, the
    consultation moves to "outcome published" (in every language) and followers are told.
    Every time, the authors it cites who were not told yet are (`citations_announce`).
    Asked again for the same version, nothing more happens."""
    # Only scheduled: the outcome waits for the summary.
    if not summary.live:
        return
    parent = summary.get_parent().specific
    if not isinstance(parent, ConsultationPage):
        return
    if summary_problems(summary):
        # Live without `summary_publish`: a copy kept live (`summaries_copied`), which
        # answers the themes of the consultation it was copied from. It stays a draft until
        # completed here.
        summary.unpublish(log_action=True)
        return
    consultation = canonical_consultation(parent)
    now = timezone.now()
    with transaction.atomic():
        moved = ConsultationPage.objects.filter(
            translation_key=consultation.translation_key, outcome_published_at__isnull=True
        ).update(outcome_published_at=now)
        if moved:
            publish.status_changed(
                consultation=consultation, status=ConsultationStatus.OUTCOME_PUBLISHED.value
            )
            _announce(consultation, EventKind.OUTCOME_PUBLISHED)
        citations_announce(summary=summary)


# --- following --------------------------------------------------------------------------
def follow_start(*, consultation: ConsultationPage, user: User) -> Follow:
    """A signed-in participant follows a consultation (one click; their address is known)."""
    if not has_verified_email(user):
        raise ValidationError(
            _("Confirm your email address first: we only write to addresses you have confirmed."),
            code="unverified",
        )
    # The language of the page they followed from: mails then link the pages they read.
    language = consultation.locale.language_code
    consultation = canonical_consultation(consultation)
    rate_limit_consume(action="follow", key=str(user.pk))
    follow, _created = Follow.objects.get_or_create(
        consultation=consultation,
        user=user,
        defaults={"confirmed_at": timezone.now(), "language": language},
    )
    return follow


def follow_stop(*, follow: Follow) -> None:
    follow.delete()


def follow_request_by_email(
    *, consultation: ConsultationPage, email: str, language: str, client: str
) -> Follow | None:
    """Someone without an account asks to follow: a pending follow and one confirmation mail.
    An address that already follows gets nothing new (and the page says the same either way,
    so nobody learns who follows what)."""
    from consult.outcomes.tasks import follow_confirmation_send

    consultation = canonical_consultation(consultation)
    email = email.strip().lower()
    rate_limit_consume(action="follow_email", key=client)
    address_key = signing.get_cookie_signer(salt=CONFIRM_SALT).signature(email)
    rate_limit_consume(action="follow_email_address", key=address_key)
    with transaction.atomic():
        follow, _created = Follow.objects.get_or_create(
            consultation=consultation, email=email, defaults={"language": language}
        )
        if follow.confirmed_at is not None:
            return None
        transaction.on_commit(lambda: follow_confirmation_send.enqueue(follow_id=follow.pk))
    return follow


def follow_confirm(*, token: str) -> Follow | None:
    """The link in the confirmation mail; None when it is invalid or has expired."""
    follow = _follow_from_token(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if follow is None:
        return None
    if follow.confirmed_at is None:
        Follow.objects.filter(pk=follow.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        follow.refresh_from_db()
    return follow


def follow_unsubscribe(*, token: str) -> bool:
    """The unsubscribe link of every mail: True when there was something to stop."""
    follow = _follow_from_token(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    if follow is None:
        return False
    follow.delete()
    return True


def follow_token(follow: Follow, *, salt: str) -> str:
    # The address (or account) is signed too, so a token never carries over to another row.
    return signing.dumps([follow.pk, follow.email or follow.user_id], salt=salt, compress=True)


def _follow_from_token(token: str, *, salt: str, max_age: timedelta | None) -> Follow | None:
    try:
        pk, who = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    follow = Follow.objects.filter(pk=pk).first()
    if follow is None or (follow.email or follow.user_id) != who:
        return None
    return follow


def follows_unconfirmed_purge(*, now: datetime | None = None) -> int:
    """Addresses nobody confirmed are kept no longer than their confirmation link works."""
    cutoff = (now or timezone.now()) - CONFIRM_MAX_AGE
    return Follow.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()[0]


def follows_erase_for_user(*, user: User, mode: str) -> None:
    """Account deletion: the account's follows, and those its address made without signing
    in, whatever the participant chose for their contributions."""
    Follow.objects.filter(Q(user=user) | Q(email__iexact=user.email)).delete()


# --- announcements ----------------------------------------------------------------------
def consultation_changes_announce(*, now: datetime | None = None) -> dict[str, int]:
    """Tell followers about consultations that opened or closed recently and have not been
    announced yet. Safe to run as often as you like: each moment is announced once."""
    now = now or timezone.now()
    since = now - ANNOUNCE_WITHIN
    canonical = ConsultationPage.objects.live().filter(locale__language_code=_default_language())
    counts = {}
    for kind, moment in ((EventKind.OPENED, "opens_at"), (EventKind.CLOSED, "closes_at")):
        due = canonical.filter(**{f"{moment}__lte": now, f"{moment}__gt": since}).exclude(
            pk__in=ConsultationEvent.objects.filter(kind=kind).values("consultation_id")
        )
        counts[kind] = 0
        for consultation in due:
            with transaction.atomic():
                if _announce(consultation, kind):
                    counts[kind] += 1
                    status = consultation.status_at(now).value
                    publish.status_changed(consultation=consultation, status=status)
    return counts


def _announce(consultation: ConsultationPage, kind: str) -> bool:
    """Record the moment and, once it commits, mail its followers; False if already done."""
    from consult.outcomes.tasks import followers_notify

    _event, created = ConsultationEvent.objects.get_or_create(consultation=consultation, kind=kind)
    if created:
        transaction.on_commit(
            lambda: followers_notify.enqueue(consultation_id=consultation.pk, kind=kind)
        )
    return created


def _default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)
