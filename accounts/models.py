"""Users sign in with their email address; what they show the public lives in Profile."""

import re

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    # Wagtail's admin shows these; participants' public names live in Profile.
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def get_short_name(self):
        return self.first_name or self.email


class StakeholderGroup(models.TextChoices):
    AFFECTED_PERSON = "affected", _("Affected person")
    COMMUNITY_GROUP = "community", _("Community group")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    ACADEMIC = "academic", _("Academic or researcher")
    INDUSTRY = "industry", _("Industry")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


PSEUDONYM_PREFIX = "Participant"
# Pseudonyms look like "Participant 4821"; display names may not, so nobody can pass as
# another pseudonymous participant.
PSEUDONYM_LIKE = re.compile(rf"^\W*{PSEUDONYM_PREFIX}\W*\d+\W*$", re.IGNORECASE)
PSEUDONYM_LIKE_ERROR = _(
    "Names like “Participant 1234” are reserved for pseudonyms. Please choose another name."
)


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        help_text=_("Shown beside what you write when you take part under your name."),
    )
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=80,
        unique=True,
        help_text=_("Shown instead of your name when you choose to take part under a pseudonym."),
    )
    stakeholder_group = models.CharField(
        _("stakeholder group"),
        max_length=20,
        choices=StakeholderGroup.choices,
        default=StakeholderGroup.OTHER,
    )
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    # The current choice; its history (with dates) is in ConsentRecord. Off until chosen.
    research_consent = models.BooleanField(
        _("include my contributions in open research data"), default=False
    )
    # The default offered for each new contribution: the platform's own analysis of the
    # discussion (opinion groups, common ground), which the participant may refuse. Its
    # history is in ConsentRecord too.
    automated_analysis_consent = models.BooleanField(
        _("include my contributions in automated analysis"), default=True
    )
    # The notice is always on the site; this is whether it is mailed too.
    outcome_emails = models.BooleanField(
        _("email me when a published outcome answers what I wrote"),
        default=True,
        help_text=_(
            "When a consultation's summary cites your comment in a theme, we tell you which "
            "theme and what was decided. The notice is always on your notifications page."
        ),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return self.display_name

    def clean(self):
        # A profile may show its own pseudonym as its name (the default for accounts made
        # outside signup), never one shaped like somebody else's.
        if PSEUDONYM_LIKE.match(self.display_name) and self.display_name != self.pseudonym:
            raise ValidationError({"display_name": PSEUDONYM_LIKE_ERROR})


# Registered here so Django finds them; they live in their own module.
from accounts.privacy.models import (  # noqa: E402, F401
    AccountDeletion,
    ConsentRecord,
    DataExport,
    IdentityAccess,
)
