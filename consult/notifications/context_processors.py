"""Whether the header should point a signed-in reader to unread notices."""

from consult.core.viewer import viewer_for
from consult.notifications.models import Notification

# The viewer's fact the header reads (a page may have read it with its other facts).
UNREAD_NOTIFICATIONS = "unread_notifications"


def unread_notifications(request) -> dict:
    def count() -> int:
        if getattr(request, "user", None) is None:
            return 0
        viewer = viewer_for(request)
        if not viewer.is_authenticated:
            return 0
        return viewer.fact(
            UNREAD_NOTIFICATIONS,
            lambda: Notification.objects.filter(user_id=viewer.pk, read_at__isnull=True).count(),
        )

    # A callable, which templates call when they read it: only a header that asks pays the
    # query (read it once, with {% with %}).
    return {"unread_notifications": count}
