"""Looking at the whole database as an attacker with a dump would."""

from django.contrib.sessions.models import Session
from django.db import connection

from accounts.privacy.registry import user_relations


def tables_containing(text: str) -> dict[str, int]:
    """Every table with a row where any column contains `text` (case-insensitive)."""
    needle = text.lower()
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        value = bytes(value).decode("utf-8", "ignore")
                    if value is not None and needle in str(value).lower():
                        found[table] = found.get(table, 0) + 1
    return found


def rows_referencing(user_id: int) -> dict[str, int]:
    """Rows whose foreign key (declared or unconstrained) points at `user_id`, and sessions
    signed in as it."""
    found = {}
    for field in user_relations():
        count = field.model._base_manager.filter(**{field.attname: user_id}).count()
        if count:
            found[f"{field.model._meta.label}.{field.name}"] = count
    sessions = [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    if sessions:
        found["sessions"] = len(sessions)
    return found
