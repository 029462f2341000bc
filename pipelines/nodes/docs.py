"""docs/nodes.md, generated from the registry: every node type with its ports, its configuration
fields (from the pydantic JSON Schema) and its example. Regenerate with ``manage.py node_docs``."""

from __future__ import annotations

import json
from typing import Any

from pipelines.nodes import registry
from pipelines.nodes.base import FAMILIES

HEADER = """# Node types

Generated from the node-type registry by `manage.py node_docs` — do not edit by hand; a test
fails when this file and the code disagree. The same descriptions, with the full JSON Schema of
each configuration, are served by `GET /api/node-types/`.

Expressions (filter conditions, derived columns, branch routes, custom rules) are SQL expressions
run by Polars, never Python. Each is first parsed by a SQL parser and held to an allowlist (see
[Expressions](#expressions) at the end): anything else, a subquery or a function that reads files
or URLs above all, is refused with a message naming it, before Polars sees the text. Then it is
checked against the input schema when the pipeline is validated. Paths are relative to `DATA_ROOT`.
"""

EXPRESSIONS = """## Expressions

An expression may use:

- column names (`amount`, or `"a name with spaces"` in double quotes), literals (`42`, `1.5`, `'text'`,
  `TRUE`, `NULL`, `DATE '2024-01-31'`, `INTERVAL '1 day'`);
- operators: `+ - * / %`, `||` (text), `& |` (bits), `= <> != < <= > >=`, `AND OR NOT`,
  `IS [NOT] NULL`, `IS [NOT] DISTINCT FROM`, `[NOT] IN (list of values)`, `[NOT] BETWEEN`,
  `[NOT] LIKE`, `ILIKE`, `~` / `~*` / `!~` (regular expressions);
- `CASE WHEN … THEN … ELSE … END`, `CAST(x AS type)`, `TRY_CAST(x AS type)`, `x::type`;
- the functions below.

Refused, with a 400 that names what was refused: subqueries and `SELECT`/`FROM` anywhere, table
functions (`read_csv`, `read_parquet`, `read_json`, `read_ipc`, …), every function not listed here
(aggregates, window functions, …), qualified names (`t.col`), `*`, comments, `;`, parameters, and
quoting forms other than `'text'` and `"name"` (dollar, escape, national, unicode, hex and bit
strings, backticks). At most {max_length} characters, {max_depth} nested parentheses.

| function | kind | example | what it gives |
|---|---|---|---|
"""


def _expressions() -> list[str]:
    from pipelines.nodes.expression_policy import FUNCTIONS, MAX_DEPTH
    from pipelines.nodes.expressions import MAX_EXPRESSION_LENGTH

    rows = [EXPRESSIONS.format(max_length=MAX_EXPRESSION_LENGTH, max_depth=MAX_DEPTH).rstrip("\n")]
    for f in sorted(FUNCTIONS, key=lambda f: (f.category, f.name)):
        rows.append(f"| `{f.name}` | {f.category} | `{_cell(f.example)}` | {_cell(f.description)} |")
    return rows


FAMILY_TITLES = {
    "source": "Sources",
    "transform": "Transforms",
    "quality": "Quality checks",
    "destination": "Destinations",
}


def _type_of(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "enum" in prop:
        return " | ".join(f"`{json.dumps(v)}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    for key in ("anyOf", "oneOf"):
        if key in prop:
            return " or ".join(_type_of(p, defs) for p in prop[key] if p.get("type") != "null") + (
                " (optional)" if any(p.get("type") == "null" for p in prop[key]) else ""
            )
    kind = prop.get("type", "any")
    if kind == "array":
        return f"list of {_type_of(prop.get('items', {}), defs)}"
    if kind == "object" and "additionalProperties" in prop and isinstance(prop["additionalProperties"], dict):
        return f"map of {_type_of(prop['additionalProperties'], defs)}"
    return str(kind)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _fields(schema: dict[str, Any]) -> list[str]:
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    rows = ["| field | type | default | description |", "|---|---|---|---|"]
    for name, prop in schema.get("properties", {}).items():
        default = "required" if name in required else (f"`{json.dumps(prop['default'])}`" if "default" in prop else "")
        rows.append(
            f"| `{name}` | {_cell(_type_of(prop, defs))} | {_cell(default)} | {_cell(prop.get('description', ''))} |"
        )
    return rows if len(rows) > 2 else ["No configuration."]


def render_nodes_markdown() -> str:
    out = [HEADER]
    for family in FAMILIES:
        types = [t for t in registry.all_types() if t.family == family and t.__module__.startswith("pipelines.")]
        if not types:
            continue
        out.append(f"## {FAMILY_TITLES[family]}\n")
        for node_type in types:
            d = node_type.describe()
            out.append(f"### `{d['key']}` — {d['title']}\n")
            if d["description"]:
                out.append(d["description"].strip() + "\n")
            inputs = ", ".join(f"`{p['name']}`" + (" (several edges)" if p["multiple"] else "") for p in d["inputs"])
            outputs = ", ".join(f"`{p['name']}`" for p in d["outputs"])
            if d["dynamic_outputs"]:
                outputs += (", " if outputs else "") + "plus the ports named in its configuration"
            out.append(f"Inputs: {inputs or 'none'}. Outputs: {outputs or 'none'}.\n")
            out.extend(_fields(d["config_schema"]))
            out.append("")
            if d["example"] is not None:
                out.append("Example:\n\n```json\n" + json.dumps(d["example"], indent=2, ensure_ascii=False) + "\n```\n")
    out.extend(_expressions())
    return "\n".join(out).rstrip() + "\n"
