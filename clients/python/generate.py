"""Regenerate the typed client ``sluice_client/`` from the committed OpenAPI document
(frontend/src/api/openapi.json, written by ``make gen-types``) with openapi-python-client.

    python clients/python/generate.py            # make gen-client: rewrites clients/python/sluice_client
    python clients/python/generate.py OUT_DIR    # writes OUT_DIR/sluice_client (the suite's freshness test)

It also writes ``sluice_cli/document-schema.json``, the JSON Schema of Sluice documents (what the server
serves at /api/schema/pipeline-document.json), for ``sluice pipelines validate --offline``.

The output depends only on the document, the pinned generator and openapi-client.yaml (no formatter
runs after it), so the suite can regenerate it and compare with what is committed.

One change to the document first: a body the API takes as JSON is also documented in its form and
multipart spellings (DRF's parsers), and openapi-python-client, given one schema under several content
types, sends every body with the last one's header. The client speaks JSON: those spellings are dropped
where JSON is offered (an upload, multipart only, keeps it)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DOCUMENT = ROOT / "frontend" / "src" / "api" / "openapi.json"
CONFIG = HERE / "openapi-client.yaml"
PACKAGE = "sluice_client"


SPELLINGS = ("application/x-www-form-urlencoded", "multipart/form-data")


def json_only(document: dict) -> dict:
    """The document with only the JSON spelling of each request body that has one."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            content = operation.get("requestBody", {}).get("content") if isinstance(operation, dict) else None
            if content and "application/json" in content:
                for spelling in SPELLINGS:
                    content.pop(spelling, None)
    return document


def generate(out_dir: Path) -> Path:
    """Write ``out_dir/sluice_client`` from the document; returns that folder."""
    target = Path(out_dir) / PACKAGE
    source = Path(out_dir) / "openapi.json"
    source.write_text(json.dumps(json_only(json.loads(DOCUMENT.read_text("utf-8")))), "utf-8")
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(source),
        "--meta",
        "none",
        "--config",
        str(CONFIG),
        "--output-path",
        str(target),
        "--overwrite",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0 or not (target / "__init__.py").exists():
        raise SystemExit(f"openapi-python-client failed:\n{result.stdout}\n{result.stderr}")
    for cache in target.rglob("__pycache__"):
        shutil.rmtree(cache)
    source.unlink()
    return target


SCHEMA_FILE = HERE / "sluice_cli" / "document-schema.json"


def document_schema_text() -> str:
    """The documents' JSON Schema as committed (needs Django set up: the kinds register at start-up)."""
    from pipelines.documents import document_schema

    return json.dumps(document_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _write_schema() -> None:
    import os

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    SCHEMA_FILE.write_text(document_schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_FILE}")


def main() -> None:
    if len(sys.argv) > 1:
        print(generate(Path(sys.argv[1])))
        return
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(Path(tmp))
        shutil.rmtree(HERE / PACKAGE, ignore_errors=True)
        shutil.copytree(fresh, HERE / PACKAGE)
    print(f"wrote {HERE / PACKAGE}")
    _write_schema()


if __name__ == "__main__":
    main()
