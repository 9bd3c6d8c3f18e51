"""Model instances read by written-out SQL, on the few hot paths where Django takes several
times longer to build a query than the database takes to run it (a reaction, a page for a
participant). Everything else uses the ORM.

The SQL names tables and columns from the models' own metadata, so a renamed column fails
loudly in the tests rather than reading the wrong thing, and every value is a parameter.
"""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models
from django.db.models import F, Lookup
from django.db.models.lookups import In
from django.utils import timezone


class _AnyOf(Lookup):
    """`lhs = ANY(ids)` on PostgreSQL, the ids one array parameter; `lhs IN (...)` elsewhere.
    An IN list of a page's hundred comment ids costs Django a preparation per id and psycopg
    a parse of a statement too long for its cache, on every page a participant opens."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)


def id_in(column: str, ids: Iterable[int]) -> Lookup:
    """A filter() argument: `column` is one of `ids`."""
    return _AnyOf(F(column), ids)


def any_of(column: str, name: str) -> str:
    """Written-out SQL: `column` is one of the ids of the named parameter `name`, given as
    ids_param(): one array on PostgreSQL, as id_in reads it; a JSON list on SQLite."""
    # A column and a parameter's name from the code; the ids are the parameter.
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%({name})s)"
    return f"{column} IN (SELECT value FROM json_each(%({name})s))"  # noqa: S608


def ids_param(ids: Iterable[int]) -> object:
    """Ids as the one parameter any_of() reads."""
    return list(ids) if connection.vendor == "postgresql" else json.dumps(list(ids))


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
        # What Django applies to each value read (SQLite gives datetimes naive and UUIDs as
        # hex, for instance): the backend's converters, then the field's.
        self._converters = []
        for field in self.fields:
            column = field.get_col(field.model._meta.db_table)
            converters = connection.ops.get_db_converters(column)
            converters += column.get_db_converters(connection)
            self._converters.append((converters, column))

    def __len__(self) -> int:
        return len(self.fields)

    def instance(self, values: Sequence) -> models.Model:
        converted = []
        for value, (converters, column) in zip(values, self._converters, strict=True):
            for converter in converters:
                value = converter(value, column, connection)
            converted.append(value)
        return self.model.from_db(connection.alias, self._names, converted)
