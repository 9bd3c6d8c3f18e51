"""Everything we hold about one user, as JSON plus one CSV per kind of record, in a zip.

The walk is generic (accounts.privacy.registry): every relation to the user that is marked
exported contributes its rows, every concrete column except those marked secret. Columns that
point at another user are left out, so an export never reveals somebody else.
"""

import csv
import io
import json
import zipfile
from typing import IO, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone, translation

from accounts.models import User
from accounts.privacy.policy import NO_AI_TRAINING_STATEMENT
from accounts.privacy.registry import exported_relations, relation_name

FORMAT = "consult-export/1"
USER_COLUMNS = ("id", "email", "first_name", "last_name", "date_joined", "last_login", "is_active")


def _row(obj: models.Model, *, owner_id: int, omitted: frozenset[str]) -> dict[str, Any]:
    row = {}
    for field in obj._meta.concrete_fields:
        if field.name in omitted:
            continue
        value = field.value_from_object(obj)
        if field.is_relation and field.related_model is User and value != owner_id:
            continue
        row[field.attname] = value
    return row


def export_records(user: User) -> dict[str, list[dict[str, Any]]]:
    """Rows per relation ("app.Model.field"), the user's own record first."""
    account = {column: getattr(user, column) for column in USER_COLUMNS}
    account["groups"] = sorted(user.groups.values_list("name", flat=True))
    account["permissions"] = sorted(user.user_permissions.values_list("codename", flat=True))
    records = {"accounts.User": [account]}
    for field, omitted in exported_relations():
        rows = field.model._default_manager.filter(**{field.name: user}).order_by("pk")
        records[relation_name(field)] = [
            _row(obj, owner_id=user.pk, omitted=omitted) for obj in rows.iterator()
        ]
    return records


def _csv(rows: list[dict[str, Any]]) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Plain values as they are; dates in ISO 8601; structures (JSON answers) as JSON."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return DjangoJSONEncoder().default(value)


def csv_name(relation: str) -> str:
    return relation.lower().replace(".", "_") + ".csv"


def write_export_zip(user: User, target: IO[bytes]) -> None:
    records = export_records(user)
    with translation.override("en"):
        statement = str(NO_AI_TRAINING_STATEMENT)
    document = {
        "format": FORMAT,
        "generated_at": timezone.now(),
        "use_of_contributions": statement,
        "records": records,
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json",
            json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        for relation, rows in records.items():
            archive.writestr(f"csv/{csv_name(relation)}", _csv(rows))
