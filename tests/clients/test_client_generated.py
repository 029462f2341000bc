"""The committed Python client (clients/python/sluice_client) is what openapi-python-client makes of the
committed OpenAPI document (frontend/src/api/openapi.json): regenerated into a temporary folder and
compared file by file, like the front-end's generated types."""

from __future__ import annotations

import filecmp
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"
HINT = "clients/python/sluice_client is not current: run `make gen-client` and commit clients/python"


def _generator():
    spec = importlib.util.spec_from_file_location("sluice_client_generate", CLIENT / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_committed_client_is_current(tmp_path):
    fresh = _generator().generate(tmp_path)
    committed, generated = _files(CLIENT / "sluice_client"), _files(fresh)
    missing = sorted(set(generated) - set(committed))
    stale = sorted(set(committed) - set(generated))
    changed = sorted(name for name in set(generated) & set(committed) if generated[name] != committed[name])
    assert not (missing or stale or changed), f"{HINT} (new: {missing[:5]}, gone: {stale[:5]}, changed: {changed[:5]})"
    assert filecmp.dircmp(CLIENT / "sluice_client", fresh).diff_files == []


def test_bundled_document_schema_is_current():
    """``sluice pipelines validate --offline`` checks against the server's document schema, as committed."""
    committed = (CLIENT / "sluice_cli" / "document-schema.json").read_text(encoding="utf-8")
    hint = HINT.replace("sluice_client", "sluice_cli/document-schema.json")
    assert committed == _generator().document_schema_text(), hint


def test_the_client_covers_every_operation():
    """Every operation of the document has a function (none skipped by the generator)."""
    import json

    document = json.loads((ROOT / "frontend" / "src" / "api" / "openapi.json").read_text())
    operations = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    modules = {p.stem for p in (CLIENT / "sluice_client" / "api").rglob("*.py") if p.stem != "__init__"}
    assert operations <= modules, sorted(operations - modules)


def test_the_client_and_the_cli_import():
    if str(CLIENT) not in sys.path:  # installed editable by `make venv-dev`; a bare checkout still imports
        sys.path.insert(0, str(CLIENT))
    import typer

    from sluice_cli.main import app
    from sluice_client import AuthenticatedClient
    from sluice_client.api.executions import pipelines_run_create

    assert AuthenticatedClient(base_url="http://x", token="slu_a_b").token == "slu_a_b"
    assert callable(pipelines_run_create.sync_detailed)
    commands = typer.main.get_command(app).commands
    assert set(commands) >= {"login", "run", "logs", "pipelines"}
    assert set(commands["pipelines"].commands) >= {"list", "export", "validate", "apply", "test"}


@pytest.mark.parametrize("name", ["pyproject.toml", "README.md", "openapi-client.yaml", "generate.py"])
def test_package_files_exist(name):
    assert (CLIENT / name).is_file()
