"""Who may download the analysts' exports: editors (Wagtail's Editors group) and superusers,
with two-factor authentication on. The exports carry every contribution, held and hidden ones
and those of people who declined research use, so nobody else may have them."""

from accounts.permissions import has_mfa

EDITORS_GROUP = "Editors"


def can_export(user) -> bool:
    if not user.is_authenticated:
        return False
    is_editor = user.is_superuser or user.groups.filter(name=EDITORS_GROUP).exists()
    return is_editor and has_mfa(user)
