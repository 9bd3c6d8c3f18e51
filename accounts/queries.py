"""Reads about accounts shared by views, templates and other apps."""

from django.db import IntegrityError

from accounts.models import Profile, User
from accounts.services import profile_create


def profile_for(user: User) -> Profile:
    """The user's profile, created on first need for accounts made outside signup.

    createsuperuser and the Wagtail admin create users without a profile; rather than a
    signal (a hidden side effect), callers that need one ask here. Two concurrent first
    requests may both try to create it: the loser reads the winner's row.
    """
    try:
        return user.profile
    except Profile.DoesNotExist:
        pass
    max_length = Profile._meta.get_field("display_name").max_length
    names = f"{user.first_name} {user.last_name}".strip()[:max_length]
    try:
        return profile_create(user=user, display_name=names)
    except IntegrityError:
        return Profile.objects.get(user=user)
