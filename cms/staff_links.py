"""Which staff tools the header links to, decided once at sign-in.

Kept in the session, which every signed-in page reads anyway, so the header costs no query;
the tools check permissions themselves on every request, so a role taken away meanwhile only
leaves a link that answers "no" until the next sign-in.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.permissions import is_moderator

SESSION_KEY = "consult_staff_links"


@receiver(user_logged_in)
def remember_staff_links(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    request.session[SESSION_KEY] = {
        "moderation": is_moderator(user),
        "admin": user.has_perm("wagtailadmin.access_admin"),
    }
