"""The emails followers get: the double opt-in confirmation, and a note when a consultation
opens, closes or publishes its outcome. Each carries an unsubscribe link and the
List-Unsubscribe headers (RFC 8058), so mail clients offer one-click unsubscribing.
Signed-in followers also get the note on the site (a consult.notifications Notification).
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from consult.consultations.access import nobody, read_check, reader_for
from consult.consultations.models import ConsultationPage
from consult.notifications.services import Notice, notices_record
from consult.outcomes.models import SUMMARY_SLUG, EventKind, Follow
from consult.outcomes.queries import published_summary_of
from consult.outcomes.services import CONFIRM_SALT, UNSUBSCRIBE_SALT, follow_token

BATCH = 500


class _UnfoldedHeader(str):
    """A header the email package writes as it is. Folding a long URL, it would turn the
    value into RFC 2047 encoded words (=?utf-8?q?=3Chttp...), which mail providers do not
    read as RFC 2369's <URL>; a line may hold 998 characters (RFC 5322), a URL fits.
    Django passes a str through to the message, where a value with a name and a fold()
    is kept as the header itself (email.policy.EmailPolicy)."""

    def __new__(cls, name: str, value: str):
        header = super().__new__(cls, value)
        header.name = name
        return header

    def __getnewargs__(self) -> tuple[str, str]:  # copies (the test mail backend's)
        return self.name, str(self)

    def fold(self, *, policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _message(*, follow: Follow, address: str, subject: str, lines: Iterable[str]) -> EmailMessage:
    unsubscribe = _absolute(
        reverse("outcomes:unsubscribe", args=[follow_token(follow, salt=UNSUBSCRIBE_SALT)])
    )
    stop = _("To stop following this consultation, open this link: %(url)s") % {"url": unsubscribe}
    body = "\n\n".join([*lines, stop])
    return EmailMessage(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body + "\n",
        to=[address],
        headers={
            "List-Unsubscribe": _UnfoldedHeader("List-Unsubscribe", f"<{unsubscribe}>"),
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _pages_by_language(consultation: ConsultationPage) -> dict[str, ConsultationPage]:
    pages = ConsultationPage.objects.live().filter(translation_key=consultation.translation_key)
    return {page.locale.language_code: page for page in pages.select_related("locale")}


def follow_confirmation_send_now(*, follow_id: int) -> bool:
    follow = Follow.objects.select_related("consultation").filter(pk=follow_id).first()
    if follow is None or follow.confirmed_at is not None or not follow.email:
        return False
    pages = _pages_by_language(follow.consultation)
    page = pages.get(follow.language, follow.consultation)
    with translation.override(follow.language):
        confirm = _absolute(
            reverse("outcomes:confirm", args=[follow_token(follow, salt=CONFIRM_SALT)])
        )
        message = _message(
            follow=follow,
            address=follow.email,
            subject=_("Confirm that you want to follow “%(title)s”") % {"title": page.title},
            lines=[
                _(
                    "Someone, probably you, asked to be emailed when the consultation "
                    "“%(title)s” opens, closes and publishes its outcome."
                )
                % {"title": page.title},
                _("To confirm, open this link within seven days: %(url)s") % {"url": confirm},
                _("If you did not ask, ignore this email: you will hear nothing more."),
            ],
        )
    message.send()
    return True


def _summary_url(page: ConsultationPage, fallback: ConsultationPage) -> str:
    """The live summary in the page's language, else the source language's (a summary may be
    published before it is translated)."""
    for parent in (page, fallback):
        summary = published_summary_of(parent)
        if summary is not None:
            return _absolute(summary.get_url())
    return f"{_absolute(page.get_url())}{SUMMARY_SLUG}/"


def _event_words(kind: str, page: ConsultationPage, summary_url: str) -> tuple[str, str, str]:
    """Subject, sentence and link for one moment, in the active language."""
    title = {"title": page.title}
    url = _absolute(page.get_url())
    match kind:
        case EventKind.OPENED:
            return (
                _("“%(title)s” is open: have your say") % title,
                _("The consultation “%(title)s” is now open for comments and answers.") % title,
                url,
            )
        case EventKind.CLOSED:
            return (
                _("“%(title)s” has closed") % title,
                _(
                    "The consultation “%(title)s” has closed. We will email you when its "
                    "outcome is published."
                )
                % title,
                url,
            )
        case _unknown:
            return (
                _("The outcome of “%(title)s” is published") % title,
                _(
                    "The public body has published what it heard in the consultation "
                    "“%(title)s”, its response to each theme and its decision."
                )
                % title,
                summary_url,
            )


def followers_notify_now(*, consultation_id: int, kind: str) -> int:
    """Mail every confirmed follower; signed-in ones also get the notice on the site.
    Returns how many were told."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    pages = _pages_by_language(consultation)
    follows = (
        Follow.objects.filter(consultation_id=consultation_id, confirmed_at__isnull=False)
        .select_related("user")
        .order_by("pk")
    )
    told = 0
    messages: list[EmailMessage] = []
    notices: list[Notice] = []
    # A follower who may no longer see the consultation (a view restriction added since,
    # or a group left) is told nothing about it.
    checks = {language: read_check(page) for language, page in pages.items()}
    summary_urls = {}
    if kind == EventKind.OUTCOME_PUBLISHED:
        for page in [*pages.values(), consultation]:
            summary_urls[page.pk] = _summary_url(page, consultation)
    fallback_check = read_check(consultation)
    for follow in follows.iterator(chunk_size=BATCH):
        address = follow.user.email if follow.user_id else follow.email
        if not address:
            continue
        page = pages.get(follow.language, consultation)
        reader = reader_for(follow.user) if follow.user_id else nobody()
        if not checks.get(follow.language, fallback_check)(reader):
            continue
        with translation.override(follow.language):
            subject, sentence, url = _event_words(kind, page, summary_urls.get(page.pk, ""))
            messages.append(
                _message(follow=follow, address=address, subject=subject, lines=[sentence, url])
            )
        if follow.user_id:
            notices.append(
                Notice(
                    user_id=follow.user_id,
                    kind=f"consultation_{kind}",
                    subject=subject,
                    body=sentence,
                    url=url.removeprefix(settings.WAGTAILADMIN_BASE_URL.rstrip("/")),
                )
            )
        told += 1
        if len(messages) >= BATCH:
            _flush(messages, notices)
    _flush(messages, notices)
    return told


def _flush(messages: list[EmailMessage], notices: list[Notice]) -> None:
    notices_record(notices)
    mailers.default.send_messages(messages)
    messages.clear()
    notices.clear()
