"""Telling one participant something: the notice on the site, and the same words by email.

The caller words the notice in the recipient's language (see `in_language_of`); the email
goes out from a background task once the surrounding transaction commits, so a rolled-back
decision never mails anyone and a slow mail server never holds a moderator's request.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from consult.notifications.models import Notification


@contextmanager
def in_language_of(user: User):
    """Word what follows in the language the user chose in their profile."""
    profile = getattr(user, "profile", None)
    language = getattr(profile, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        yield


@dataclass(frozen=True)
class Notice:
    user_id: int
    kind: str
    subject: str
    body: str
    url: str = ""


def notices_record(notices: Iterable[Notice]) -> list[Notification]:
    """Put notices on the site, in one query, without mailing them: for callers that mail
    their own way (a follower's email carries its unsubscribe link)."""
    return Notification.objects.bulk_create(
        Notification(
            user_id=notice.user_id,
            kind=notice.kind,
            subject=str(notice.subject)[:200],
            body=str(notice.body),
            url=notice.url,
        )
        for notice in notices
    )


def notify(*, user: User, kind: str, subject: str, body: str, url: str = "") -> Notification:
    """Record a notice for `user` and email it to them after commit."""
    from consult.notifications.tasks import notification_email_send

    (notification,) = notices_record(
        [Notice(user_id=user.pk, kind=kind, subject=subject, body=body, url=url)]
    )
    transaction.on_commit(lambda: notification_email_send.enqueue(notification_id=notification.pk))
    return notification


def notification_email_send_now(*, notification_id: int) -> bool:
    """Mail one notice to its recipient's address; False when there is nobody to mail."""
    notification = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if notification is None or not notification.user.email:
        return False
    body = notification.body
    if notification.url:
        body = f"{body}\n\n{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{notification.url}"
    send_mail(
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{notification.subject}",
        body,
        None,
        [notification.user.email],
    )
    return True


def notifications_mark_read(*, user: User) -> int:
    """The participant has seen their notices; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
