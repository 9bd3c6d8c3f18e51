"""Erasing an account: its contributions as the participant chose, then every trace of it.

After account_erase nothing references the user's id and their email address is stored
nowhere (tests/privacy/test_privacy_deletion.py scans every text column of every table).
"""

from django.contrib.sessions.models import Session
from django.core.files.storage import storages
from django.db import models, transaction

from accounts.models import User
from accounts.privacy.contributions import contributions_erase
from accounts.privacy.registry import user_relations


def sessions_delete(user: User) -> int:
    """Delete the user's sessions, signed-in ones and any that remember them (allauth keeps
    addresses in the session during its flows). Sessions store the user only inside their
    encoded data, so every row is decoded: linear in the number of sessions."""
    user_id, email = str(user.pk), user.email.lower()
    doomed = []
    for session in Session.objects.iterator(chunk_size=500):
        data = session.get_decoded()
        if data.get("_auth_user_id") == user_id or email in str(data).lower():
            doomed.append(session.session_key)
    Session.objects.filter(session_key__in=doomed).delete()
    return len(doomed)


def _unconstrained_references_clear(user: User) -> None:
    """Foreign keys without a database constraint (Wagtail's log entries) would keep the
    deleted id; the log entry stays, without who did it."""
    for field in user_relations():
        if field.remote_field.on_delete is models.DO_NOTHING:
            rows = field.model._base_manager.filter(**{field.name: user})
            if field.null:
                rows.update(**{field.name: None})
            else:
                rows.delete()


def account_erase(*, user: User, mode: str) -> None:
    export_files = [name for name in user.data_exports.values_list("file_name", flat=True) if name]
    with transaction.atomic():
        contributions_erase(user=user, mode=mode)
        _unconstrained_references_clear(user)
        sessions_delete(user)
        user.delete()
    storage = storages["private"]
    for name in export_files:
        storage.delete(name)
