""" "You said, we did": the writes that close the loop with the people a summary cites.

- When a summary goes live, every author whose visible comment a theme of it cites is told
  (a notice on the site; a mail too if their profile allows it) which theme answered it, the
  body's response and its decision, with a link. Once per author and consultation: the
  `CitationNotice` rows are the record of who was told, so republishing, or publishing the
  other language's version, tells only authors nobody told yet.
- An author answers "this theme misrepresents my view" once per citation
  (`citation_contest`); the answer is audited and shown to staff beside the theme and, as a
  count, to the public.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from consult.consultations.access import read_check, reader_for
from consult.consultations.models import ConsultationPage
from consult.consultations.queries import canonical_consultation
from consult.core.ratelimit import rate_limit_consume
from consult.core.sanitize import plain_text
from consult.discussion.models import Comment, CommentState
from consult.moderation.services.decisions import audit
from consult.notifications.services import Notice, notices_record
from consult.notifications.tasks import notification_email_send
from consult.outcomes.models import (
    CitationContest,
    CitationNotice,
    CommentTheme,
    SummaryPage,
    Theme,
    ThemeResponse,
    theme_anchor,
)

NOTICE_KIND = "outcome_cited"
STATEMENT_MAX = 2000
RESPONSE_EXCERPT_WORDS = 40


def citations_announce(*, summary: SummaryPage) -> None:
    """A version of the summary went live: tell the authors it cites, once it commits."""
    from consult.outcomes.tasks import citations_notify

    transaction.on_commit(lambda: citations_notify.enqueue(summary_id=summary.pk))


@dataclass
class _Version:
    """One live language version of the summary, with its answer to each theme."""

    summary: SummaryPage
    path: str
    responses: dict[int, ThemeResponse]
    can_read: Callable[[object], bool]


def _versions(summary: SummaryPage) -> dict[str, _Version]:
    pages = SummaryPage.objects.live().filter(translation_key=summary.translation_key)
    pages = list(pages.select_related("locale"))
    responses = defaultdict(dict)
    for row in ThemeResponse.objects.filter(page__in=pages).select_related("theme"):
        responses[row.page_id][row.theme_id] = row
    return {
        page.locale.language_code: _Version(
            summary=page,
            path=page.url or "",
            responses=responses[page.pk],
            can_read=read_check(page),
        )
        for page in pages
    }


def citations_notify_now(*, summary_id: int) -> int:
    """Tell the authors a live summary cites who have not been told for its consultation;
    returns how many were told now."""
    summary = SummaryPage.objects.live().filter(pk=summary_id).first()
    if summary is None:
        return 0
    consultation = canonical_consultation(summary.get_parent().specific)
    versions = _versions(summary)
    theme_ids = {theme_id for version in versions.values() for theme_id in version.responses}
    cited: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    rows = CommentTheme.objects.filter(
        theme_id__in=theme_ids,
        comment__state=CommentState.VISIBLE,
        comment__author__isnull=False,
    ).values_list("comment__author_id", "theme_id", "comment_id")
    for author_id, theme_id, comment_id in rows:
        cited[author_id][theme_id].add(comment_id)
    told = set(
        CitationNotice.objects.filter(consultation=consultation, user_id__in=cited).values_list(
            "user_id", flat=True
        )
    )
    authors = list(
        User.objects.filter(pk__in=set(cited) - told, is_active=True).select_related("profile")
    )
    verified = set(
        EmailAddress.objects.filter(user__in=authors, verified=True).values_list("user_id", "email")
    )
    told_now = 0
    for author in authors:
        profile = getattr(author, "profile", None)
        language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
        # The version in their language, unless it does not answer their themes (yet).
        version = next(
            (
                version
                for version in (versions.get(language), versions[summary.locale.language_code])
                if version is not None and set(cited[author.pk]) & set(version.responses)
            ),
            None,
        )
        if version is None or not version.can_read(reader_for(author)):
            continue
        themes = {pk: ids for pk, ids in cited[author.pk].items() if pk in version.responses}
        mail = bool(profile and profile.outcome_emails) and (author.pk, author.email) in verified
        with translation.override(language):
            notice = _notice(author, version, themes)
        if _tell(consultation, author, version, themes, notice, mail=mail):
            told_now += 1
    return told_now


def _tell(
    consultation: ConsultationPage,
    author: User,
    version: _Version,
    themes: dict[int, set[int]],
    notice: Notice,
    *,
    mail: bool,
) -> bool:
    """Record the notice to `author` unless another run (the other language's version,
    going live at the same moment) already did; False then."""
    with transaction.atomic():
        _record, created = CitationNotice.objects.get_or_create(
            consultation=consultation,
            user=author,
            defaults={
                "summary": version.summary,
                "comment_count": sum(len(ids) for ids in themes.values()),
                "mailed": mail,
            },
        )
        if not created:
            return False
        (notification,) = notices_record([notice])
        if mail:
            transaction.on_commit(
                lambda: notification_email_send.enqueue(notification_id=notification.pk)
            )
    return True


def _notice(author: User, version: _Version, themes: dict[int, set[int]]) -> Notice:
    summary = version.summary
    consultation_title = summary.get_parent().title
    lines = [
        _("The outcome of the consultation “%(title)s” is published, and it cites you.")
        % {"title": consultation_title}
    ]
    for theme_id in sorted(themes, key=lambda pk: version.responses[pk].sort_order or 0):
        response = version.responses[theme_id]
        excerpt = Truncator(strip_tags(response.response)).words(RESPONSE_EXCERPT_WORDS)
        lines.append(
            _("The theme “%(theme)s” answers your comment. Our response: %(response)s")
            % {"theme": response.title, "response": excerpt}
        )
    lines.append(
        _("What the public body decided: %(decision)s.")
        % {"decision": summary.get_decision_display()}
    )
    lines.append(
        _(
            "If a theme misrepresents your view, you can say so: your data page lists each of "
            "your contributions and what became of it."
        )
    )
    first = min(themes, key=lambda pk: version.responses[pk].sort_order or 0)
    return Notice(
        user_id=author.pk,
        kind=NOTICE_KIND,
        subject=_("You said, we did: the outcome of “%(title)s”") % {"title": consultation_title},
        body="\n\n".join(lines),
        url=f"{version.path}#{theme_anchor(first)}",
    )


# --- contesting a citation --------------------------------------------------------------
class AlreadyContested(ValidationError):
    def __init__(self, contested_at: datetime):
        super().__init__(
            _(
                "You already told us, on %(date)s, that this theme misrepresents your view. "
                "Each citation can be contested once; the editors have read what you said."
            )
            % {"date": date_format(timezone.localtime(contested_at), "DATE_FORMAT")},
            code="already_contested",
        )


def citation_contest(
    *, author: User, theme: Theme, comment: Comment, statement: str
) -> CitationContest:
    """The author of `comment` says `theme`, which cites it, misrepresents their view."""
    if comment.author_id != author.pk:
        raise ValidationError(_("Only the author of a comment can contest its citation."))
    if not CommentTheme.objects.filter(theme=theme, comment=comment).exists():
        raise ValidationError(_("This theme does not cite that comment."))
    existing = CitationContest.objects.filter(theme=theme, comment=comment).first()
    if existing is not None:
        raise AlreadyContested(existing.created_at)
    statement = plain_text(statement)
    if len(statement) > STATEMENT_MAX:
        raise ValidationError(
            _("Say it in at most %(max)d characters.") % {"max": STATEMENT_MAX}, code="max_length"
        )
    rate_limit_consume(action="citation_contest", key=str(author.pk))
    try:
        with transaction.atomic():
            contest = CitationContest.objects.create(
                theme=theme, comment=comment, author=author, statement=statement
            )
            audit(
                None,
                action="citation_contested",
                target_kind="citation_contest",
                target_id=contest.pk,
                consultation_id=theme.consultation_id,
                after={"theme": theme.pk, "comment": comment.pk},
            )
    except IntegrityError:  # the same author, a moment ago in another tab
        existing = CitationContest.objects.get(theme=theme, comment=comment)
        raise AlreadyContested(existing.created_at) from None
    return contest
