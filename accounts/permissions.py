"""Named permission checks about accounts, shared by views, middleware and sockets."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator


def has_mfa(user) -> bool:
    """True when the user can prove a second factor (an app code or a security key)."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def needs_mfa(user) -> bool:
    """Staff (editors, moderators, admins) must turn MFA on before using their tools."""
    return user.is_authenticated and (user.is_staff or user.is_superuser or _in_staff_group(user))


def _in_staff_group(user) -> bool:
    return user.groups.filter(name__in=STAFF_GROUPS).exists()


# Wagtail's default editor groups, and ours for moderation.
STAFF_GROUPS = ("Editors", "Moderators")


def can_reveal_identity(user) -> bool:
    """Moderators and editors may look behind a pseudonym (each look-up is recorded and shown
    to the participant) once they have MFA on; issue 4 narrows this to the consultations
    they moderate."""
    return needs_mfa(user) and has_mfa(user)


def has_verified_email(user) -> bool:
    """Only participants who confirmed an address may write. Asked many times per page, so
    the answer is kept on the user object for the rest of the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_consult_verified_email"):
        user._consult_verified_email = EmailAddress.objects.filter(
            user=user, verified=True
        ).exists()
    return user._consult_verified_email


def remember_verified_email(user, verified: bool) -> None:
    """Prime has_verified_email with what a query read anyway."""
    user._consult_verified_email = verified
