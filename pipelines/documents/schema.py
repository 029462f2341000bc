"""The JSON Schema of a Sluice document (``GET /api/schema/pipeline-document.json``), from the kinds' models.

One schema for every registered kind: ``oneOf`` their models, told apart by ``kind``. Editors validate
against it (the yaml-language-server modeline of docs/documents.md); the server validates with the
pydantic models themselves, so the two cannot disagree.
"""

from __future__ import annotations

from typing import Any

from pipelines.documents import kinds

SCHEMA_PATH = "/api/schema/pipeline-document.json"


def document_schema(*, base_url: str = "") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every kind of document; ``base_url`` makes ``$id`` absolute."""
    definitions: dict[str, Any] = {}
    choices = []
    for kind in kinds.registered():
        schema = kind.model.model_json_schema(ref_template="#/$defs/{model}")
        definitions.update(schema.pop("$defs", {}))
        name = kind.model.__name__
        definitions[name] = schema
        choices.append(
            {
                "if": {
                    "properties": {"apiVersion": {"const": kind.api_version}, "kind": {"const": kind.name}},
                    "required": ["kind"],
                },
                "then": {"$ref": f"#/$defs/{name}"},
            }
        )
    names = sorted(k.name for k in kinds.registered())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{base_url}{SCHEMA_PATH}",
        "title": "Sluice document",
        "description": "A Sluice document: apiVersion sluice.dev/v1 and one of the kinds "
        + ", ".join(names)
        + " (docs/documents.md).",
        "type": "object",
        "required": ["apiVersion", "kind"],
        "properties": {
            "apiVersion": {"type": "string", "enum": sorted(kinds.api_versions())},
            "kind": {"type": "string", "enum": names},
        },
        "allOf": choices,
        "$defs": definitions,
    }
