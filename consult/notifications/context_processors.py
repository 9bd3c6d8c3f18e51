"""Whether the header should point a signed-in reader to unread notices."""

from consult.notifications.models import Notification


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)

    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        if hasattr(user, "_consult_unread_notifications"):
            return user._consult_unread_notifications
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    # A callable, which templates call when they read it: only a header that asks pays the
    # query (read it once, with {% with %}).
    return {"unread_notifications": count}


def remember_unread_notifications(user, count: int) -> None:
    """Prime the header with a count a page already read in its own query."""
    user._consult_unread_notifications = count
