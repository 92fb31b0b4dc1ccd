"""Storing a new request with its serial, its first audit entry and the rows a caller
stores with it (the rate limit's count), in as few statements as the database allows.

On PostgreSQL it is one statement: the counter row is created or incremented (and so
locked until commit), the request inserted with that serial and its tracking number, the
audit entry and the caller's rows inserted, all in common table expressions. Outside a
transaction that statement is its own transaction: no ``BEGIN`` and ``COMMIT`` round
trips, and still all of it or nothing. Built by the ORM, the request and its audit entry
were two inserts, a transaction around them and the counter's statement — about a third
of an API submission's CPU time, and six of its ten round trips to the database.

Elsewhere (SQLite, in-process: a statement costs no round trip) the same rows are written
by one plain statement each, in the caller's transaction.

The SQL is built once per shape from the models' fields, so it follows their migrations;
the values go through each field's own conversion, as the ORM's insert would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model

from gongkai.cases.models import Agency, DisclosureRequest, Event, RequestCounter

__all__ = ["Row", "register", "tracking_number", "tracking_number_sql"]


def tracking_number(agency: Agency, year: int, serial: int) -> str:
    return f"{agency.code}-{year}-{serial:05d}"


@dataclass(frozen=True)
class Row:
    """A row stored with the new request: its table and its values, as the database
    takes them (a caller's model, e.g. the rate limit's attempt log)."""

    table: str
    values: tuple[tuple[str, Any], ...]


# Columns the statement fills itself: the request's serial and number from the counter,
# the audit entry's request and summary (which names the number).
_REQUEST_FILLED = frozenset({"serial", "tracking_number"})
_EVENT_FILLED = frozenset({"request_id", "summary"})
_sql_cache: dict[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], str] = {}


# Fields whose value goes to the database as it is when it is a plain str, int, bool or
# None (their conversions return such a value unchanged); the others — dates, times,
# choices enums, anything else — go through the field's own conversion.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.EmailField,
    models.BooleanField,
    models.IntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.ForeignKey,
)
_PLAIN_VALUES = (str, int, bool, type(None))
_layouts: dict[tuple[type[Model], frozenset[str]], list[tuple[Any, str, bool]]] = {}


def _layout(model: type[Model], filled: frozenset[str]) -> list[tuple[Any, str, bool]]:
    """(field, column, plain) for each column an insert of ``model`` writes."""
    key = (model, filled)
    found = _layouts.get(key)
    if found is None:
        found = [
            (f, f.column, type(f) in _PLAIN_FIELDS)
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in filled
        ]
        _layouts[key] = found
    return found


def _values(obj: Model, filled: frozenset[str]) -> tuple[list[str], list[Any]]:
    """The columns of ``obj`` (primary key and ``filled`` ones aside) and their values as
    the ORM's insert would send them: a field's conversion, measured, was a sixth of the
    registering, and for a plain value it changes nothing."""
    conn = connections[DEFAULT_DB_ALIAS]
    columns: list[str] = []
    values: list[Any] = []
    for f, column, plain in _layout(type(obj), filled):
        columns.append(column)
        value = getattr(obj, f.attname)
        if not plain or type(value) not in _PLAIN_VALUES:
            value = f.get_db_prep_save(f.pre_save(obj, True), conn)
        values.append(value)
    return columns, values


def _names(columns: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def tracking_number_sql(serial: str) -> str:
    """The serial's part of a tracking number in PostgreSQL, as ``f"{serial:05d}"``."""
    return f"lpad({serial}::text, greatest(5, length({serial}::text)), '0')"


def _counter_upsert(returning: str) -> str:
    qn = connection.ops.quote_name
    table = qn(RequestCounter._meta.db_table)
    last = qn("last")
    return (
        f"INSERT INTO {table} ({qn('agency_id')}, {qn('year')}, {last}) VALUES (%s, %s, 1) "
        f"ON CONFLICT ({qn('agency_id')}, {qn('year')}) DO UPDATE SET {last} = {table}.{last} + 1 "
        f"RETURNING {returning}"
    )


def _one_statement(req_columns: list[str], event_columns: list[str], rows: Sequence[Row]) -> str:
    """PostgreSQL: everything in one statement. Parameters: agency, year, the number's
    prefix, the request's values, the event's values and summary prefix, each row's."""
    shape = tuple((r.table, tuple(c for c, _ in r.values)) for r in rows)
    key = ("postgresql", shape)
    sql = _sql_cache.get(key)
    if sql is not None:
        return sql
    qn = connection.ops.quote_name
    last = qn("last")
    parts = [
        "c AS (" + _counter_upsert(f"{last}, %s || {tracking_number_sql(last)} AS number") + ")",
        f"r AS (INSERT INTO {qn(DisclosureRequest._meta.db_table)} "
        f"({_names([*req_columns, 'serial', 'tracking_number'])}) "
        f"VALUES ({_marks(len(req_columns))}, (SELECT {last} FROM c), (SELECT number FROM c)) "
        f"RETURNING {qn('id')})",
        f"e AS (INSERT INTO {qn(Event._meta.db_table)} "
        f"({_names([*event_columns, 'request_id', 'summary'])}) "
        f"VALUES ({_marks(len(event_columns))}, (SELECT {qn('id')} FROM r), "
        f"%s || (SELECT number FROM c)))",
    ]
    for i, (table, columns) in enumerate(shape):
        parts.append(
            f"x{i} AS (INSERT INTO {qn(table)} ({_names(columns)}) VALUES ({_marks(len(columns))}))"
        )
    sql = f"WITH {', '.join(parts)} SELECT (SELECT {qn('id')} FROM r), (SELECT {last} FROM c)"
    _sql_cache[key] = sql
    return sql


def register(
    req: DisclosureRequest, event: Event, summary_prefix: str, rows: Sequence[Row] = ()
) -> None:
    """Store ``req`` (its serial and number given here), ``event`` (its request and a
    summary of ``summary_prefix`` and the number) and ``rows``. In the caller's
    transaction, or as one statement of its own on PostgreSQL when there is none."""
    prefix = tracking_number(req.agency, req.year, 0)[:-5]
    req_columns, req_values = _values(req, _REQUEST_FILLED)
    event_columns, event_values = _values(event, _EVENT_FILLED)
    if connection.vendor == "postgresql":
        sql = _one_statement(req_columns, event_columns, rows)
        params = [req.agency_id, req.year, prefix, *req_values, *event_values, summary_prefix]
        for r in rows:
            params.extend(v for _, v in r.values)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            pk, serial = cursor.fetchone()
    else:
        pk, serial = _statements(req, req_columns, req_values)
    req.pk, req.serial = pk, serial
    req.tracking_number = tracking_number(req.agency, req.year, serial)
    req._state.adding = False
    req._state.db = connection.alias
    event.request = req
    event.summary = summary_prefix + req.tracking_number
    if connection.vendor != "postgresql":
        _insert(
            Event._meta.db_table,
            [*event_columns, "request_id", "summary"],
            [*event_values, pk, event.summary],
        )
        for r in rows:
            _insert(r.table, [c for c, _ in r.values], [v for _, v in r.values])


def _insert(table: str, columns: list[str], values: list[Any]) -> None:
    qn = connection.ops.quote_name
    sql = f"INSERT INTO {qn(table)} ({_names(columns)}) VALUES ({_marks(len(columns))})"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _statements(req: DisclosureRequest, columns: list[str], values: list[Any]) -> tuple[int, int]:
    """Elsewhere: the counter and the request, one plain statement each."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_counter_upsert(qn("last")), [req.agency_id, req.year])
        (serial,) = cursor.fetchone()
        names = _names([*columns, "serial", "tracking_number"])
        cursor.execute(
            f"INSERT INTO {qn(DisclosureRequest._meta.db_table)} ({names}) "
            f"VALUES ({_marks(len(columns) + 2)}) RETURNING {qn('id')}",
            [*values, serial, tracking_number(req.agency, req.year, serial)],
        )
        (pk,) = cursor.fetchone()
    return int(pk), int(serial)
