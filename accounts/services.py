"""Every write to accounts data goes through here."""

import secrets

from django.db import IntegrityError, transaction

from accounts.models import PSEUDONYM_PREFIX, Profile, StakeholderGroup, User

PSEUDONYM_ATTEMPTS = 12


class PseudonymExhaustedError(RuntimeError):
    """No free pseudonym was found; only possible with an absurdly full table."""


def pseudonym_generate(*, attempt: int = 0) -> str:
    """A random "Participant 4821"; the number gains a digit every third collision."""
    digits = 4 + attempt // 3
    low = 10 ** (digits - 1)
    return f"{PSEUDONYM_PREFIX} {low + secrets.randbelow(9 * low)}"


def profile_create(
    *,
    user: User,
    display_name: str = "",
    stakeholder_group: str = StakeholderGroup.OTHER,
    organisation: str = "",
    preferred_language: str = "en",
) -> Profile:
    """Create the user's profile under a fresh random pseudonym, retried on collision.

    Without a display name the profile shows its pseudonym, never the email address.
    Each attempt runs in its own savepoint, so a collision (or a concurrent request
    creating the same profile, which is re-raised) leaves the caller's transaction usable.
    """
    for attempt in range(PSEUDONYM_ATTEMPTS):
        pseudonym = pseudonym_generate(attempt=attempt)
        if Profile.objects.filter(pseudonym=pseudonym).exists():
            continue
        profile = Profile(
            user=user,
            display_name=display_name.strip() or pseudonym,
            pseudonym=pseudonym,
            stakeholder_group=stakeholder_group,
            organisation=organisation.strip(),
            preferred_language=preferred_language,
        )
        profile.full_clean(exclude=["user", "pseudonym"])
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError:
            if Profile.objects.filter(user=user).exists():
                raise
            continue
        return profile
    raise PseudonymExhaustedError(f"No free pseudonym after {PSEUDONYM_ATTEMPTS} attempts.")


def profile_update(
    *,
    profile: Profile,
    display_name: str,
    stakeholder_group: str,
    organisation: str,
    preferred_language: str,
    outcome_emails: bool = True,
) -> Profile:
    profile.display_name = display_name.strip()
    profile.stakeholder_group = stakeholder_group
    profile.organisation = organisation.strip()
    profile.preferred_language = preferred_language
    profile.outcome_emails = outcome_emails
    profile.full_clean(exclude=["user", "pseudonym"])
    profile.save(
        update_fields=[
            "display_name",
            "stakeholder_group",
            "organisation",
            "preferred_language",
            "outcome_emails",
        ]
    )
    return profile
