"""Background work of accounts (django.tasks: immediate in development and tests,
django-tasks-db's worker in production)."""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task


@task
def account_mail_send(
    *,
    subject: str,
    body: str,
    content_subtype: str,
    alternatives: list[list[str]],
    from_email: str,
    to: list[str],
    headers: dict[str, str],
) -> None:
    """Send a message allauth rendered (AccountAdapter.send_mail). It carries its links,
    so its row is pruned with the other results (docs/deployment.md)."""
    message = EmailMultiAlternatives(
        subject, body, from_email, to, headers=headers, alternatives=alternatives
    )
    message.content_subtype = content_subtype
    message.send()


def account_mail_enqueue(message: EmailMessage) -> None:
    account_mail_send.enqueue(
        subject=message.subject,
        body=message.body,
        content_subtype=message.content_subtype,
        alternatives=[list(alternative) for alternative in getattr(message, "alternatives", [])],
        from_email=message.from_email,
        to=message.to,
        headers=message.extra_headers,
    )
