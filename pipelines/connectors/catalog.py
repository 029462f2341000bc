"""Catalog look-ups per dialect: schemas, tables, columns, unique keys. Names go as bind
parameters (written ``?``; each engine translates to its own marker); results are plain tuples
so readers, writers and introspection share them."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.connectors.engines import Database
from pipelines.connectors.sql import ConnectorError

MAX_TABLES = 500
MAX_COLUMNS = 500
SYSTEM_SCHEMAS = {
    "postgres": ("pg_catalog", "information_schema", "pg_toast"),
    "duckdb": ("information_schema", "pg_catalog"),
    "mysql": ("information_schema", "performance_schema", "mysql", "sys"),
    "sqlite": (),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool


@dataclass(frozen=True)
class TableRef:
    schema: str | None
    name: str
    type: str  # "table" | "view"


def _catalog(db: Database) -> str:
    """information_schema's catalog of this database (DuckDB may attach several; MySQL says 'def')."""
    if db.dialect == "mysql":
        return "def"
    return db.fetchall("SELECT current_database()")[0][0]


def default_schema(db: Database) -> str | None:
    if db.dialect == "sqlite":
        return None
    if db.dialect == "mysql":
        return db.fetchall("SELECT DATABASE()")[0][0]
    return db.fetchall("SELECT current_schema()")[0][0]


def list_schemas(db: Database) -> list[str]:
    if db.dialect == "sqlite":
        return ["main"]
    if db.dialect == "postgres":
        rows = db.fetchall(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' "
            "AND has_schema_privilege(oid, 'USAGE') ORDER BY nspname"
        )
    elif db.dialect == "duckdb":
        rows = db.fetchall(
            "SELECT DISTINCT schema_name FROM information_schema.schemata "
            "WHERE catalog_name = current_database() ORDER BY schema_name"
        )
    else:
        rows = [(default_schema(db),)]
    system = SYSTEM_SCHEMAS[db.dialect]
    return [r[0] for r in rows if r[0] not in system]


def list_tables(db: Database, schema: str | None, *, limit: int = MAX_TABLES) -> list[TableRef]:
    if db.dialect == "sqlite":
        rows = db.fetchall(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name LIMIT ?",
            (limit,),
        )
        return [TableRef(None, name, kind) for name, kind in rows]
    if db.dialect == "postgres":
        rows = db.fetchall(
            "SELECT c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY c.relname LIMIT ?",
            (schema, limit),
        )
    else:
        rows = db.fetchall(
            "SELECT table_name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END "
            "FROM information_schema.tables WHERE table_schema = ? AND table_catalog = ? "
            "ORDER BY table_name LIMIT ?",
            (schema, _catalog(db), limit),
        )
    return [TableRef(schema, name, kind) for name, kind in rows]


def table_columns(db: Database, schema: str | None, table: str, *, limit: int = MAX_COLUMNS) -> list[Column]:
    if db.dialect == "sqlite":
        rows = db.fetchall(
            'SELECT name, type, NOT "notnull" FROM pragma_table_xinfo(?) WHERE hidden IN (0, 2, 3) LIMIT ?',
            (table, limit),
        )
    elif db.dialect == "postgres":
        rows = db.fetchall(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull "
            "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum LIMIT ?",
            (schema, table, limit),
        )
    else:
        rows = db.fetchall(
            "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ? AND table_catalog = ? "
            "ORDER BY ordinal_position LIMIT ?",
            (schema, table, _catalog(db), limit),
        )
    return [Column(str(name), str(typ or ""), bool(nullable)) for name, typ, nullable in rows]


def find_table(db: Database, schema: str | None, table: str) -> TableRef | None:
    """The table or view named ``table`` in ``schema`` (the connection's default schema if None),
    matching case-insensitively when there is exactly one such match."""
    if db.dialect == "sqlite":
        if schema not in (None, "main"):
            raise ConnectorError("SQLite databases have only the schema 'main'.", field="schema")
        rows = db.fetchall(
            "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE",
            (table,),
        )
        return TableRef(None, rows[0][0], rows[0][1]) if len(rows) == 1 else None
    schema = schema or default_schema(db)
    if db.dialect == "postgres":
        rows = db.fetchall(
            "SELECT n.nspname, c.relname, CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE lower(n.nspname) = lower(?) AND lower(c.relname) = lower(?) "
            "AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
            (schema, table),
        )
    else:
        rows = db.fetchall(
            "SELECT table_schema, table_name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END "
            "FROM information_schema.tables WHERE lower(table_schema) = lower(?) "
            "AND lower(table_name) = lower(?) AND table_catalog = ?",
            (schema, table, _catalog(db)),
        )
    exact = [r for r in rows if r[0] == schema and r[1] == table]
    if exact:
        rows = exact
    if len(rows) != 1:
        return None
    return TableRef(rows[0][0], rows[0][1], rows[0][2])


def schema_exists(db: Database, schema: str) -> bool:
    if db.dialect == "sqlite":
        return schema == "main"
    if db.dialect == "postgres":
        return bool(db.fetchall("SELECT 1 FROM pg_namespace WHERE nspname = ?", (schema,)))
    return bool(
        db.fetchall(
            "SELECT 1 FROM information_schema.schemata WHERE schema_name = ? AND catalog_name = ?",
            (schema, _catalog(db)),
        )
    )


def exact_table_exists(db: Database, schema: str | None, table: str) -> bool:
    """Whether exactly ``schema.table`` exists (no case folding): for staging and target tables."""
    if db.dialect == "sqlite":
        return bool(db.fetchall("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)))
    if db.dialect == "postgres":
        return bool(
            db.fetchall(
                "SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')",
                (schema, table),
            )
        )
    return bool(
        db.fetchall(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ? AND table_catalog = ?",
            (schema, table, _catalog(db)),
        )
    )


def unique_key_sets(db: Database, schema: str | None, table: str) -> list[frozenset[str]]:
    """Column sets of the plain (non-partial, non-expression) unique indexes of a table."""
    if db.dialect == "sqlite":
        result = []
        for _seq, name, unique, _origin, partial in db.fetchall(
            'SELECT seq, name, "unique", origin, partial FROM pragma_index_list(?)', (table,)
        ):
            if unique and not partial:
                cols = [r[0] for r in db.fetchall("SELECT name FROM pragma_index_info(?)", (name,))]
                if cols and all(cols):
                    result.append(frozenset(cols))
        return result
    if db.dialect == "postgres":
        rows = db.fetchall(
            "SELECT i.indexrelid::bigint, a.attname FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey) "
            "WHERE n.nspname = ? AND c.relname = ? AND i.indisunique AND i.indpred IS NULL "
            "AND i.indexprs IS NULL",
            (schema, table),
        )
        sets: dict[int, set[str]] = {}
        for index_id, column in rows:
            sets.setdefault(index_id, set()).add(column)
        return [frozenset(s) for s in sets.values()]
    return []
