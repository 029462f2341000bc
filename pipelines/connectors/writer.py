"""Two-phase writes into a database table: stage into ``_sluice_stage_<id>``, then publish in one
transaction. Shared by ``destination.database`` and ``destination.warehouse``.

Receipt (JSON, enough for another process to finish the write)::

    {"kind", "connection" | "path", "schema", "target", "staging_table", "mode", "keys",
     "create_if_missing", "rows"}

``commit_receipts`` publishes receipts in ONE transaction: per receipt it takes a lock on the
staging table's name, and if the staging table is gone (committed or aborted before) does nothing;
otherwise it creates the target if missing, appends / replaces / upserts from staging and drops
staging. A repeated commit therefore never duplicates rows, and a failure rolls every receipt back.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import polars as pl

from pipelines.connectors.catalog import exact_table_exists, schema_exists, table_columns, unique_key_sets
from pipelines.connectors.engines import Database
from pipelines.connectors.identifiers import IdentifierError, check_identifier
from pipelines.connectors.sql import ConnectorError, qualified, quote_ident
from pipelines.connectors.typemap import postgres_type, prepare_frame, sqlite_type, to_arrow

STAGE_PREFIX = "_sluice_stage_"
Mode = Literal["append", "replace", "upsert"]
_SQLITE_DECL_RE = re.compile(r"^[A-Z]+(\(\d+(,\d+)?\))?$")


@dataclass
class Receipt:
    kind: str
    target: str
    staging_table: str
    schema: str | None = None
    connection: str | None = None
    path: str | None = None
    mode: Mode = "append"
    keys: list[str] = field(default_factory=list)
    create_if_missing: bool = True
    rows: int = 0
    dry_run: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Receipt:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        receipt = cls(**known)
        receipt.check()
        return receipt

    def check(self) -> None:
        """Receipts are stored and may come back from anywhere: re-check every name."""
        for name, what in ((self.target, "table"), (self.staging_table, "staging table")):
            check_identifier(name, what=what)
        if not self.staging_table.startswith(STAGE_PREFIX):
            raise IdentifierError(f"{self.staging_table!r} is not a staging table name.")
        if self.schema:
            check_identifier(self.schema, what="schema")
        for key in self.keys:
            check_identifier(key, what="key column")
        if self.mode not in ("append", "replace", "upsert"):
            raise IdentifierError(f"Unknown mode {self.mode!r}.")


def staging_name(stage_id: str) -> str:
    """``_sluice_stage_<stage_id>`` made a safe identifier. When sanitising changed the id (case,
    punctuation) or it is too long, a hash of the original keeps distinct ids distinct."""
    original = stage_id or uuid.uuid4().hex
    clean = re.sub(r"[^a-z0-9_]", "_", original.lower()).strip("_") or "x"
    room = 63 - len(STAGE_PREFIX)
    if clean != original or len(clean) > room:
        digest = hashlib.sha256(original.encode()).hexdigest()[:10]
        clean = f"{clean[: room - 11]}_{digest}"
    return STAGE_PREFIX + clean


def check_frame_columns(schema: pl.Schema, keys: list[str], mode: str) -> None:
    """ConnectorError (field ``keys.<i>`` or ``table``) when the frame cannot be written."""
    for name in schema.names():
        try:
            check_identifier(name, what="column")
        except IdentifierError as exc:
            raise ConnectorError(str(exc), field="table") from None
    if mode == "upsert" and not keys:
        raise ConnectorError("Upsert needs key columns.", field="keys")
    for index, key in enumerate(keys):
        if key not in schema:
            raise ConnectorError(
                f"Key column {key!r} is not in the input (it has: {', '.join(schema.names()[:30])}).",
                field=f"keys.{index}",
            )


def _create_staging(db: Database, schema: str | None, staging: str, frame_schema: pl.Schema) -> None:
    target = qualified(schema, staging, db.dialect)
    db.execute(f"DROP TABLE IF EXISTS {target}")
    if db.dialect == "duckdb":
        return  # created from the first batch, with DuckDB's own exact Arrow mapping
    to_sql = postgres_type if db.dialect == "postgres" else sqlite_type
    cols = ", ".join(f"{quote_ident(n, db.dialect)} {to_sql(t)}" for n, t in frame_schema.items())
    db.execute(f"CREATE TABLE {target} ({cols})")


def _duckdb_load(db: Database, schema: str | None, staging: str, batch: pl.DataFrame, first: bool) -> None:
    target = qualified(schema, staging, "duckdb")
    conn = db.conn  # type: ignore[attr-defined]
    conn.register("_sluice_batch", to_arrow(batch))
    try:
        verb = f"CREATE TABLE {target} AS" if first else f"INSERT INTO {target}"
        db.execute(f"{verb} SELECT * FROM _sluice_batch")  # noqa: S608 - identifiers checked and quoted
    finally:
        conn.unregister("_sluice_batch")


def stage_frame(
    db: Database,
    receipt: Receipt,
    frame: pl.LazyFrame,
    *,
    batch_size: int = 50_000,
    create_schema: bool = False,
) -> Receipt:
    """Write ``frame`` into ``receipt.staging_table`` (replacing a leftover of the same name) and
    commit, returning the receipt with its row count. On failure the staging table is dropped."""
    receipt.check()
    frame_schema = frame.collect_schema()
    check_frame_columns(frame_schema, receipt.keys, receipt.mode)
    if receipt.mode == "upsert":
        frame = frame.unique(subset=receipt.keys, keep="last", maintain_order=True)
    if receipt.schema and not schema_exists(db, receipt.schema):
        if not create_schema:
            raise ConnectorError(f"Schema {receipt.schema!r} does not exist.", field="schema")
        db.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_ident(receipt.schema, db.dialect)}")
    prepared = prepare_frame(frame, db.dialect)
    rows = 0
    db.begin()
    try:
        _create_staging(db, receipt.schema, receipt.staging_table, prepared.collect_schema())
        first = True
        for batch in prepared.collect_batches(chunk_size=batch_size):
            if receipt.mode == "upsert":
                nulls = batch.select(pl.any_horizontal(pl.col(k).is_null() for k in receipt.keys).sum()).item()
                if nulls:
                    raise ConnectorError(
                        f"{nulls} rows have a null key ({', '.join(receipt.keys)}); upsert keys must not be null.",
                        field="keys",
                    )
            if db.dialect == "duckdb":
                _duckdb_load(db, receipt.schema, receipt.staging_table, batch, first)
            elif batch.height:
                db.ingest(receipt.schema, receipt.staging_table, to_arrow(batch), batch_size=batch_size)
            first = False
            rows += batch.height
        if db.dialect == "duckdb" and first:  # an empty frame still needs its (empty) staging table
            _duckdb_load(db, receipt.schema, receipt.staging_table, prepared.head(0).collect(), True)
        db.commit()
    except pl.exceptions.PolarsError as exc:
        _cleanup(db, receipt)
        raise ConnectorError(f"Could not prepare the rows: {str(exc).splitlines()[0]}", field="table") from None
    except Exception:
        _cleanup(db, receipt)
        raise
    receipt.rows = rows
    return receipt


def _cleanup(db: Database, receipt: Receipt) -> None:
    """Best effort after a failed stage: the original error is what the user needs to see."""
    db.rollback()
    with suppress(ConnectorError):
        drop_staging(db, receipt)


def drop_staging(db: Database, receipt: Receipt) -> None:
    """Drop the staging table if it exists (abort; also the cleanup of a failed stage)."""
    try:
        db.begin()
        db.execute(f"DROP TABLE IF EXISTS {qualified(receipt.schema, receipt.staging_table, db.dialect)}")
        db.commit()
    except ConnectorError:
        db.rollback()
        raise


def _create_target(db: Database, receipt: Receipt, staging: str, target: str) -> None:
    if db.dialect == "postgres":
        db.execute(f"CREATE TABLE {target} (LIKE {staging})")
    elif db.dialect == "duckdb":
        db.execute(f"CREATE TABLE {target} AS SELECT * FROM {staging} LIMIT 0")  # noqa: S608 - identifiers checked and quoted
    else:
        parts = []
        for column in table_columns(db, receipt.schema, receipt.staging_table):
            decl = column.type.upper().replace(" ", "")
            if not _SQLITE_DECL_RE.match(decl):
                raise ConnectorError(f"Unexpected staging column type {column.type!r}.", field="table")
            parts.append(f"{quote_ident(column.name, 'sqlite')} {decl}")
        db.execute(f"CREATE TABLE {target} ({', '.join(parts)})")
    if receipt.mode == "upsert" and db.dialect in ("postgres", "sqlite"):
        digest = hashlib.sha256(f"{receipt.schema}.{receipt.target}".encode()).hexdigest()[:12]
        index = quote_ident(f"{receipt.target[:40]}_uk_{digest}", db.dialect)
        keys = ", ".join(quote_ident(k, db.dialect) for k in receipt.keys)
        db.execute(f"CREATE UNIQUE INDEX {index} ON {target} ({keys})")


def _lock_staging(db: Database, receipt: Receipt) -> None:
    """Serialise commits of the same receipt: a second committer waits, then finds staging gone."""
    if db.dialect == "postgres":
        name = f"{receipt.schema}.{receipt.staging_table}"
        db.fetchall("SELECT true FROM pg_advisory_xact_lock(hashtextextended(?, 0))", (name,))
    # SQLite (BEGIN IMMEDIATE) and DuckDB (one writer per file) are already serialised.


def _publish(db: Database, receipt: Receipt) -> bool:
    """Publish one receipt inside the caller's transaction; False when there was nothing to do."""
    _lock_staging(db, receipt)
    if not exact_table_exists(db, receipt.schema, receipt.staging_table):
        return False
    d = db.dialect
    staging = qualified(receipt.schema, receipt.staging_table, d)
    target = qualified(receipt.schema, receipt.target, d)
    if not exact_table_exists(db, receipt.schema, receipt.target):
        if not receipt.create_if_missing:
            raise ConnectorError(
                f"Table {receipt.target!r} does not exist and create_if_missing is off.", field="table"
            )
        _create_target(db, receipt, staging, target)
    staged = [c.name for c in table_columns(db, receipt.schema, receipt.staging_table)]
    existing = {c.name for c in table_columns(db, receipt.schema, receipt.target, limit=10_000)}
    for name in staged:
        if name not in existing:
            raise ConnectorError(
                f"Table {receipt.target!r} has no column {name!r}; add it to the table or drop it from the input.",
                field="table",
            )
    cols = ", ".join(quote_ident(c, d) for c in staged)
    insert = f"INSERT INTO {target} ({cols}) SELECT {cols} FROM {staging} WHERE true"  # noqa: S608 - identifiers checked and quoted
    if receipt.mode == "replace":
        db.execute(f"DELETE FROM {target}")  # noqa: S608 - identifiers checked and quoted
        db.execute(insert)
    elif receipt.mode == "upsert":
        keys = [quote_ident(k, d) for k in receipt.keys]
        if d in ("postgres", "sqlite") and frozenset(receipt.keys) in unique_key_sets(
            db, receipt.schema, receipt.target
        ):
            others = [quote_ident(c, d) for c in staged if c not in receipt.keys]
            action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in others) if others else "DO NOTHING"
            db.execute(f"{insert} ON CONFLICT ({', '.join(keys)}) {action}")
        else:
            match = " AND ".join(f"s.{k} = {target}.{k}" for k in keys)
            db.execute(f"DELETE FROM {target} WHERE EXISTS (SELECT 1 FROM {staging} AS s WHERE {match})")  # noqa: S608 - identifiers checked and quoted
            db.execute(insert)
    else:
        db.execute(insert)
    db.execute(f"DROP TABLE {staging}")
    return True


def commit_receipts(db: Database, receipts: list[Receipt]) -> list[bool]:
    """Publish every receipt in one transaction (all or none). Returns, per receipt, whether it
    published anything (False: already committed or aborted)."""
    for receipt in receipts:
        receipt.check()
    db.begin()
    try:
        done = [_publish(db, receipt) for receipt in receipts]
        db.commit()
    except Exception:
        db.rollback()
        raise
    return done
