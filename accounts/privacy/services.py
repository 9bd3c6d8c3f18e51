"""Every write of the privacy features: consent, exports, deletion, identity look-ups."""

import secrets
import tempfile
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import Profile, User
from accounts.permissions import can_reveal_identity
from accounts.privacy import contributions
from accounts.privacy.deletion import account_erase, sessions_delete
from accounts.privacy.export import write_export_zip
from accounts.privacy.models import (
    AccountDeletion,
    ConsentPurpose,
    ConsentRecord,
    DataExport,
    DeletionMode,
    ExportState,
    IdentityAccess,
)
from accounts.queries import profile_for

# A new export may be asked for this long after the previous one: building one walks every
# table that holds user data, so it must not be repeatable at will.
EXPORT_INTERVAL = timedelta(minutes=10)


class ExportTooSoon(Exception):
    """An export was requested moments ago; the page says when the next one may be."""


# --- Consent ---------------------------------------------------------------------------


# Where each purpose's current choice lives: the default for the next contribution.
_PROFILE_FIELD = {
    ConsentPurpose.RESEARCH: "research_consent",
    ConsentPurpose.AUTOMATED_ANALYSIS: "automated_analysis_consent",
}


def consent_set(*, user: User, purpose: str, granted: bool) -> Profile:
    """Record the participant's choice for `purpose`, the default of their next
    contributions; a history row is written only when it changes."""
    field = _PROFILE_FIELD[ConsentPurpose(purpose)]
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile_for(user).pk)
        last = ConsentRecord.objects.filter(user=user, purpose=purpose).first()
        if last is None or last.granted != granted:
            ConsentRecord.objects.create(user=user, purpose=purpose, granted=granted)
        if getattr(profile, field) != granted:
            setattr(profile, field, granted)
            profile.save(update_fields=[field])
    # The caller's user object may hold its profile already: keep it true too.
    setattr(profile_for(user), field, granted)
    return profile


def contributions_consent_withdraw(*, user: User, purpose: str) -> int:
    """Withdraw `purpose` from everything the participant has contributed, and from what
    they contribute next: each app holding contributions updates its rows, the profile's
    default goes off and the change is recorded. Returns how many contributions changed."""
    with transaction.atomic():
        consent_set(user=user, purpose=purpose, granted=False)
        return contributions.contributions_consent_withdraw(user=user, purpose=purpose)


# --- Export ----------------------------------------------------------------------------


def data_export_request(*, user: User) -> DataExport:
    """Queue a new export for the user, built by accounts.privacy.tasks.data_export_build."""
    from accounts.privacy.tasks import data_export_build

    latest = DataExport.objects.filter(user=user).first()
    if latest and latest.requested_at > timezone.now() - EXPORT_INTERVAL:
        raise ExportTooSoon
    export = DataExport.objects.create(user=user)
    transaction.on_commit(lambda: data_export_build.enqueue(export_id=export.pk))
    return export


def data_export_build_now(*, export_id: int) -> DataExport | None:
    """Write the zip into private storage and mark the export ready (or failed)."""
    export = DataExport.objects.select_related("user").filter(pk=export_id).first()
    if export is None or export.state != ExportState.PENDING:
        return export
    name = f"exports/{export.user_id}-{export.pk}-{secrets.token_hex(16)}.zip"
    try:
        with tempfile.TemporaryFile() as spool:
            write_export_zip(export.user, spool)
            spool.seek(0)
            saved = storages["private"].save(name, File(spool, name=name))
            size = storages["private"].size(saved)
    except Exception:
        export.state = ExportState.FAILED
        export.save(update_fields=["state"])
        raise
    now = timezone.now()
    export.file_name = saved
    export.size = size
    export.state = ExportState.READY
    export.ready_at = now
    export.expires_at = now + timedelta(days=settings.CONSULT_DATA_EXPORT_DAYS)
    export.save(update_fields=["file_name", "size", "state", "ready_at", "expires_at"])
    return export


def data_exports_expire(*, now=None) -> int:
    """Delete the files of exports past their expiry; the row stays as a dated record."""
    now = now or timezone.now()
    storage = storages["private"]
    expired = DataExport.objects.filter(state=ExportState.READY, expires_at__lte=now)
    count = 0
    for export in expired:
        storage.delete(export.file_name)
        export.state = ExportState.EXPIRED
        export.file_name = ""
        export.save(update_fields=["state", "file_name"])
        count += 1
    return count


# --- Deletion --------------------------------------------------------------------------


def account_deletion_schedule(*, user: User, mode: str) -> AccountDeletion:
    if mode not in DeletionMode.values:
        raise ValidationError({"mode": _("Choose what happens to your contributions.")})
    due = timezone.now() + timedelta(days=settings.CONSULT_ACCOUNT_DELETION_GRACE_DAYS)
    deletion, _created = AccountDeletion.objects.update_or_create(
        user=user, defaults={"mode": mode, "due_at": due}
    )
    # Signed out everywhere at once (a lost phone, a shared computer), not only at the purge:
    # signing in again is how they cancel.
    sessions_delete(user)
    return deletion


def account_deletion_cancel(*, user: User) -> bool:
    deleted, _detail = AccountDeletion.objects.filter(user=user).delete()
    return bool(deleted)


def accounts_purge_due(*, now=None) -> int:
    """Erase every account whose grace period has passed; returns how many."""
    now = now or timezone.now()
    count = 0
    for deletion in AccountDeletion.objects.filter(due_at__lte=now).select_related("user"):
        account_erase(user=deletion.user, mode=deletion.mode)
        count += 1
    return count


# --- Identity look-ups -----------------------------------------------------------------


def identity_accessors_expire(*, now) -> int:
    """Retention: a look-up behind a pseudonym stays on the participant's record, but who
    made it is forgotten after CONSULT_AUDIT_IDENTITY_DAYS, as audit identities are."""
    cutoff = now - timedelta(days=settings.CONSULT_AUDIT_IDENTITY_DAYS)
    return (
        IdentityAccess.objects.filter(at__lt=cutoff)
        .exclude(accessor__isnull=True, accessor_name="")
        .update(accessor=None, accessor_name="")
    )


@dataclass(frozen=True)
class Identity:
    display_name: str
    pseudonym: str
    stakeholder_group: str
    organisation: str


def identity_reveal(
    *, accessor: User, subject: User, reason: str, consultation: Page | None = None
) -> Identity:
    """Who is behind a pseudonym, for a moderator or editor with a stated reason.

    The look-up is recorded before anything is returned, and the participant sees it on
    their My data page. The email address is not part of an identity: contact goes through
    the platform.
    """
    if not can_reveal_identity(accessor):
        raise PermissionDenied("Only moderators and editors may see who is behind a pseudonym.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you need to know who this is.")})
    accessor_profile = profile_for(accessor)
    record = IdentityAccess(
        subject=subject,
        accessor=accessor,
        accessor_name=accessor_profile.display_name,
        reason=reason,
        consultation=consultation,
    )
    record.full_clean(exclude=["subject", "accessor", "consultation"])
    record.save()
    profile = profile_for(subject)
    return Identity(
        display_name=profile.display_name,
        pseudonym=profile.pseudonym,
        stakeholder_group=profile.stakeholder_group,
        organisation=profile.organisation,
    )
