"""Statements of the step hot path, with server-side parameter binding on PostgreSQL.

Django's psycopg backend binds parameters on the client: every value is quoted into the SQL text in
Python, and the server parses and plans each statement afresh. For the handful of statements that
every step of every run executes (its success, the release of its successors, its events), that cost
more than the database spent on them. Here they run on the same connection and in the same
transaction as the ORM's, through a plain psycopg cursor: the values travel apart from the SQL, and
each statement is prepared on its connection (parsed and planned once; psycopg keeps the last 100).
That takes a ``prepare_threshold`` on the connection: Django's backend sets none unless OPTIONS names one, and
psycopg then prepares nothing, ``prepare=True`` included (config/settings/runtime.py sets it;
``SLUICE_DB_PREPARED_STATEMENTS=0`` turns it off). Prepared statements need session pooling, or PgBouncer
1.21+ with max_prepared_statements set.

What this gives up: Django's cursor wrappers do not see these statements (``connection.queries`` in
DEBUG, django-prometheus' query counters). Errors are still Django's (``django.db.IntegrityError``,
...). On other databases (SQLite in the embedded mode) everything goes through Django's cursor.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, signals
from django.db.models.base import ModelState

M = TypeVar("M", bound=Model)


@contextlib.contextmanager
def execute(sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> Iterator[Any]:
    """Run ``sql`` (``%s`` placeholders) and yield the cursor, to fetch from or read ``rowcount``."""
    cursor = send(sql, params, using=using)
    try:
        with connections[using].wrap_database_errors:
            yield cursor
    finally:
        cursor.close()


def send(sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> Any:
    """Run ``sql`` and return its cursor, open. Inside ``pipeline()`` the statement is only queued: its
    ``rowcount`` is known once the block ends or a later statement's rows are fetched."""
    db = connections[using]
    if db.vendor != "postgresql":
        cursor = db.cursor()
        cursor.execute(sql, params)
        return cursor
    import psycopg

    db.ensure_connection()
    cursor = psycopg.Cursor(db.connection)
    with db.wrap_database_errors:
        cursor.execute(sql, params, prepare=True)
    return cursor


@contextlib.contextmanager
def pipeline(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Send the statements run inside the block (``send``, ``execute``, ``fetch_models``; not the ORM,
    whose ``update()`` reads a rowcount that is not there yet) in one go with the transaction's BEGIN,
    and wait for their results once, at the first fetch or at the end of the block (psycopg's
    pipeline mode). Elsewhere than on PostgreSQL the statements simply run one by one."""
    db = connections[using]
    if db.vendor != "postgresql":
        yield
        return
    db.ensure_connection()
    with db.wrap_database_errors, db.connection.pipeline():
        yield


def fetch_models(model: type[M], sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS) -> list[M]:
    """Instances of ``model`` from a statement that returns whole rows (``RETURNING *``)."""
    db = connections[using]
    if db.vendor != "postgresql":
        return list(model.objects.using(using).raw(sql, params))
    with execute(sql, params, using=using) as cursor:
        return _models(model, cursor, using)


def fetch_models_later(
    model: type[M], sql: str, params: Sequence[Any], *, using: str = DEFAULT_DB_ALIAS
) -> Callable[[], list[M]]:
    """``fetch_models``, its statement sent now and its rows read when the result is called. Inside
    ``pipeline()``, call it after the block: the rows come back with the block's closing round trip
    instead of a round trip of their own (a fetch inside the block flushes the pipeline first)."""
    db = connections[using]
    if db.vendor != "postgresql":
        rows = fetch_models(model, sql, params, using=using)
        return lambda: rows
    cursor = send(sql, params, using=using)

    def read() -> list[M]:
        try:
            with db.wrap_database_errors:
                return _models(model, cursor, using)
        finally:
            cursor.close()

    return read


def _models(model: type[M], cursor: Any, using: str) -> list[M]:
    """The rows of ``cursor`` as instances of ``model``, as ``Model.from_db`` makes them. The columns are
    named from the result itself (psycopg's ``description`` builds a Column object per column and call:
    ~80 us for StepRun's, on every step), and the instances are made without ``Model.__init__`` when
    it would only set the attributes (no ``__init__`` of the model's own, no pre_init/post_init receivers):
    what it costs per field is more than a step's release spends in the database."""
    db = connections[using]
    fields = model._meta.concrete_fields
    rows = cursor.fetchall()  # first: in a pipeline, the result (and its columns) comes with the rows
    if not rows:
        return []
    result = cursor.pgresult
    names = tuple(result.fname(i) for i in range(result.nfields))
    order, converters, attnames = _layout(model, names)
    plain = _plain_init(model)
    instances = []
    for row in rows:
        values: list[Any] = [None] * len(fields)
        for position, value in zip(order, row, strict=True):
            values[position] = value
        for i, convert in converters:
            values[i] = convert(values[i], None, db)
        if plain:
            instance = model.__new__(model)
            instance.__dict__.update(zip(attnames, values, strict=True))
            state = instance._state = ModelState()
            state.adding, state.db = False, using
        else:
            instance = model.from_db(using, attnames, values)
        instances.append(instance)
    return instances


_layouts: dict[tuple[type, tuple[bytes, ...]], tuple[list[int], list[tuple[int, Any]], list[str]]] = {}


def _layout(model: type[Model], names: tuple[bytes, ...]) -> tuple[list[int], list[tuple[int, Any]], list[str]]:
    """For a result with the columns ``names``: each column's position among the model's concrete fields,
    the fields' converters (``from_db_value``) and their attribute names; worked out once per shape."""
    key = (model, names)
    layout = _layouts.get(key)
    if layout is None:
        fields = model._meta.concrete_fields
        by_column = {f.column: i for i, f in enumerate(fields)}
        order = [by_column[n.decode()] for n in names]
        converters = [(i, f.from_db_value) for i, f in enumerate(fields) if hasattr(f, "from_db_value")]
        layout = _layouts[key] = (order, converters, [f.attname for f in fields])
    return layout


def _plain_init(model: type[Model]) -> bool:
    """Whether ``Model.__init__`` would do nothing for ``model`` but set the fields' attributes."""
    return (
        model.__init__ is Model.__init__
        and not signals.pre_init.has_listeners(model)
        and not signals.post_init.has_listeners(model)
    )


def _json_text(value: Any) -> str:
    """A JSON field's value as stored: most of a new row's are empty (a StepRun's artifacts, output rows and
    report: 3,000 ``json.dumps`` calls in the start of a 1,000-step run)."""
    if not value and isinstance(value, dict):
        return "{}"
    return json.dumps(value)


def insert_models(objs: Sequence[Model], *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Store unsaved instances of one model (no ``auto_now`` fields, an auto primary key, no custom JSON
    encoder) and set their ids: ``bulk_create`` without the ORM's per-field preparation, which cost
    more than the database spent storing the rows (an execution's 1,000 StepRuns: ~110 ms against
    ~35 ms). On PostgreSQL the ids are taken from the table's sequence first (one query) and the rows
    sent with COPY, values as the attributes hold them (str, numbers, datetimes, None; JSON as its
    text, as Django's JSONField stores it). Elsewhere: ``bulk_create``."""
    if not objs:
        return
    model = type(objs[0])
    db = connections[using]
    if db.vendor != "postgresql":
        model.objects.using(using).bulk_create(objs)
        return
    from django.db.models import JSONField

    meta = model._meta
    fields = [meta.pk, *(f for f in meta.concrete_fields if not f.primary_key)]
    if any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) for f in fields):
        raise ValueError(f"insert_models: {meta.label} has auto_now fields, which COPY would store as NULL.")
    names = [f.attname for f in fields]
    is_json = [isinstance(f, JSONField) for f in fields]
    table, columns = db.ops.quote_name(meta.db_table), ", ".join(db.ops.quote_name(f.column) for f in fields)
    db.ensure_connection()
    with db.wrap_database_errors, db.connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = [getattr(obj, name) for name in names]
                copy.write_row([_json_text(v) if j and v is not None else v for v, j in zip(row, is_json, strict=True)])
    for obj in objs:
        obj._state.adding, obj._state.db = False, using
