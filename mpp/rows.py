"""Model instances from plain-SQL rows, for the few hot paths that skip the ORM's query building.

`Loader(Model).columns("t")` gives the select list of every concrete field of a model under a
table alias, in field order (built once); `Loader.load(row, start)` turns the matching slice of
a row back into an instance with the backend's value conversions applied (SQLite returns
datetimes as text, booleans as integers) and built by `Model.from_db`, exactly as a queryset
would (signals, a model's own `from_db`, the instance marked as loaded from the database).

    TICKET, SERVICE = Loader(Ticket), Loader(Service)
    sql = f"SELECT {TICKET.columns('t')}, {SERVICE.columns('s')} FROM ... "
    ticket, service = TICKET.load(row), SERVICE.load(row, TICKET.width)

A RawQuerySet does the same work, but rebuilds its column map and converters on every query;
here they are built once per model and database vendor.

`Loader(Service, only=("id", "code", ...))` selects and loads those fields only, the others
deferred as `.only()` would (reading one later costs a query, which the statement-count tests
of the hot paths would show): for a wide row read on every press, such as a service with its
standard's long texts.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Model


def fetch_one(sql: str, params) -> tuple | None:
    """The first row of a plain-SQL query, or None."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def columns(model: type[Model], alias: str, fields=None) -> str:
    """`alias.col1, alias.col2, ...` for every concrete field of `model` (or `fields`), in
    field order (PostgreSQL and SQLite quote names alike)."""
    return ", ".join(f'{alias}."{field.column}"'
                     for field in (fields or model._meta.concrete_fields))


class Loader:
    def __init__(self, model: type[Model], *, only: tuple[str, ...] | None = None) -> None:
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields
                       if only is None or field.name in only or field.attname in only]
        if only is not None and len(self.fields) != len(only):
            raise ValueError(f"{model.__name__} has no field among {only}")
        self.width = len(self.fields)
        self.attnames = [field.attname for field in self.fields]
        self._converters: dict[str, list] = {}
        self._columns: dict[str, str] = {}

    def columns(self, alias: str) -> str:
        found = self._columns.get(alias)
        if found is None:
            found = self._columns[alias] = columns(self.model, alias, self.fields)
        return found

    def _for(self, conn) -> list:
        """(index, [converter, ...], expression) for the fields whose values need converting
        on this database vendor."""
        found = self._converters.get(conn.vendor)
        if found is None:
            found = []
            for index, field in enumerate(self.fields):
                expression = field.get_col(self.model._meta.db_table)
                converters = (conn.ops.get_db_converters(expression)
                              + expression.get_db_converters(conn))
                if converters:
                    found.append((index, converters, expression))
            self._converters[conn.vendor] = found
        return found

    def load(self, row, start: int = 0, conn=None) -> Model:
        conn = conn or connection
        values = list(row[start:start + self.width])
        for index, converters, expression in self._for(conn):
            value = values[index]
            for converter in converters:
                value = converter(value, expression, conn)
            values[index] = value
        return self.model.from_db(conn.alias, self.attnames, values)
