"""Model instances read by written-out SQL, on the few hot paths where Django takes several
times longer to build a query than the database takes to run it (a reaction, a page for a
participant). Everything else uses the ORM.

The SQL names tables and columns from the models' own metadata, so a renamed column fails
loudly in the tests rather than reading the wrong thing, and every value is a parameter.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import connection, models
from django.utils import timezone


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def for_update() -> str:
    """The clause that locks the rows read; SQLite has none (it writes one at a time)."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def now() -> object:
    """The current time as a query parameter."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


class Columns:
    """Some fields of a model, selected under table aliases, and the instances built from the
    values read: deferred instances, as `.only()` gives, loading the rest when asked."""

    def __init__(self, model: type[models.Model], names: Iterable[str], aliases: dict):
        wanted = set(names)
        # In the model's field order: Model.from_db takes the values in that order.
        self.model = model
        self.fields: Sequence[models.Field] = [
            field for field in model._meta.concrete_fields if field.attname in wanted
        ]
        unknown = wanted - {field.attname for field in self.fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no columns {sorted(unknown)}")
        # A multi-table child's fields sit in its parent's table or its own.
        self.sql = ", ".join(
            f"{aliases[field.model]}.{connection.ops.quote_name(field.column)}"
            for field in self.fields
        )
        self._names = [field.attname for field in self.fields]
        self._datetimes = [isinstance(field, models.DateTimeField) for field in self.fields]
        # What the ORM also applies (a JSONField's text comes back as text from both databases).
        self._from_db = [
            (index, field.from_db_value)
            for index, field in enumerate(self.fields)
            if hasattr(field, "from_db_value")
        ]

    def __len__(self) -> int:
        return len(self.fields)

    def instance(self, values: Sequence) -> models.Model:
        values = [
            _aware(value) if is_datetime else value
            for value, is_datetime in zip(values, self._datetimes, strict=True)
        ]
        for index, from_db_value in self._from_db:
            values[index] = from_db_value(values[index], None, connection)
        return self.model.from_db(connection.alias, self._names, values)


def _aware(value):
    # PostgreSQL gives aware datetimes; SQLite gives them naive, in the connection's zone.
    if value is not None and settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, connection.timezone)
    return value
