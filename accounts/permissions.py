"""Named permission checks about accounts, shared by views, middleware and sockets."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q

from accounts.models import User
from consult.core.viewer import as_viewer


def has_mfa(user) -> bool:
    """True when the user can prove a second factor (an app code or a security key)."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def needs_mfa(user) -> bool:
    """Staff (editors, moderators, admins) must turn MFA on before using their tools."""
    viewer = as_viewer(user)
    return viewer.is_authenticated and (
        viewer.is_staff or viewer.is_superuser or in_staff_group(viewer)
    )


def in_staff_group(user) -> bool:
    """In the editors' or the moderators' group (kept by a request's viewer)."""
    viewer = as_viewer(user)
    return viewer.fact(
        IN_STAFF_GROUP,
        lambda: viewer.user.groups.filter(name__in=STAFF_GROUPS).exists(),
    )


MODERATORS_GROUP = "Moderators"
# Wagtail's default editor groups, and ours for moderation.
STAFF_GROUPS = ("Editors", MODERATORS_GROUP)
# The viewer's fact in_staff_group keeps.
IN_STAFF_GROUP = "in_staff_group"


def can_reveal_identity(user) -> bool:
    """Moderators and editors may look behind a pseudonym (each look-up is recorded and shown
    to the participant) once they have MFA on; issue 4 narrows this to the consultations
    they moderate."""
    return needs_mfa(user) and has_mfa(user)


def has_verified_email(user) -> bool:
    """Only participants who confirmed an address may write. Asked many times per page, so
    a request's viewer keeps the answer (as VERIFIED_EMAIL)."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact(
        VERIFIED_EMAIL,
        lambda: EmailAddress.objects.filter(user_id=viewer.pk, verified=True).exists(),
    )


# The viewer's fact has_verified_email keeps.
VERIFIED_EMAIL = "verified_email"


def is_moderator(user) -> bool:
    """An active account in the Moderators group (or a superuser), whether or not MFA is on
    yet. Read from the account's row, not the user object, which may be older than the
    question (a socket's scope keeps the user it connected with)."""
    if not user.is_authenticated:
        return False
    return (
        User.objects.filter(pk=user.pk, is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP))
        .exists()
    )


def can_moderate(user) -> bool:
    """A moderator (or superuser) with a second factor: the only people who act on comments,
    see held ones and hear the moderators' stream. Kept here, with the groups, because the
    discussion and the streams below the moderation app ask it too. A request's viewer keeps
    the answer: a queue page asks once per item."""
    viewer = as_viewer(user)
    if not viewer.is_authenticated:
        return False
    return viewer.fact("can_moderate", lambda: is_moderator(viewer.user) and has_mfa(viewer.user))
