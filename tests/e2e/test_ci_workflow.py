"""A generated GitHub Actions workflow, run locally: its `run:` steps are plain commands, so the test executes them
with bash, as GitHub's runner would, in a temporary git checkout holding pipeline documents, against the suite's
live daphne and Celery worker, with an API token in SLUICE_TOKEN. The client is installed the way the workflow
says (downloaded from the server, pip-installed into the job's Python); the check job validates and tests the
documents, the deploy job applies them as a new version and runs the pipeline, waiting for its result.

Lives beside the other e2e tests to share their session's worker and server (tests/e2e/conftest.py); the workflow
generator itself is tested in tests/cicd/."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from accounts.services import token_create
from pipelines.cicd.generate import workflow_generate, workflow_options
from tests.e2e.conftest import versioned_pipeline

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

SLUG = "ci-workflow-orders"
PIPELINE_DOC = f"""\
apiVersion: sluice.dev/v1
kind: Pipeline
metadata:
  name: CI workflow orders
  slug: {SLUG}
spec:
  graph:
    nodes:
      - {{key: src, type: source.file, config: {{path: ci-workflow-in.csv, format: csv}}}}
      - {{key: keep, type: transform.filter, config: {{condition: "amount > 0"}}}}
      - {{key: dst, type: destination.file, config: {{path: out/ci-workflow.csv, format: csv}}}}
    edges:
      - {{source: src, target: keep}}
      - {{source: keep, target: dst}}
"""
TEST_DOC = f"""\
apiVersion: sluice.dev/v1
kind: PipelineTest
metadata: {{name: positives-only, pipeline: {SLUG}}}
spec:
  fixtures:
    src: {{rows: [{{id: 1, amount: 5}}, {{id: 2, amount: -1}}]}}
  expect:
    dst: {{rows: [{{id: 1, amount: 5}}]}}
"""
EXPRESSION = re.compile(r"\$\{\{\s*(vars|secrets)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.com", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _checkout(root: Path) -> Path:
    """A git repository with the documents in pipelines/ (what actions/checkout would have left)."""
    repo = root / "repo"
    folder = repo / "pipelines"
    folder.mkdir(parents=True)
    (folder / f"{SLUG}.yaml").write_text(PIPELINE_DOC)
    (folder / f"{SLUG}.test.yaml").write_text(TEST_DOC)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "pipelines")
    return repo


def _python(root: Path) -> Path:
    """The job's Python (what actions/setup-python provides): a fresh virtualenv that sees the suite's packages
    (so pip finds the client's dependencies installed) but not the client, which the workflow installs."""
    venv = root / "python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    purelib = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "suite-packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin"


class Runner:
    """Runs a job's steps as GitHub's runner does: each `run:` with `bash --noprofile --norc -eo pipefail`, its
    env the workflow's, the job's and the step's, `${{ vars.X }}`/`${{ secrets.X }}` resolved from the
    repository's settings (any other expression fails the test)."""

    def __init__(self, *, root: Path, repo: Path, bin_dir: Path, settings: dict[str, dict[str, str]]):
        self.repo, self.settings = repo, settings
        (root / "runner-temp").mkdir()
        (root / "home").mkdir()
        inherited = {k: v for k, v in os.environ.items() if k.startswith("PIP_") or k in ("LANG", "LC_ALL")}
        self.base = {
            **inherited,
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "HOME": str(root / "home"),
            "RUNNER_TEMP": str(root / "runner-temp"),
            "GITHUB_WORKSPACE": str(repo),
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        }

    def resolve(self, value) -> str:
        def lookup(match: re.Match) -> str:
            return self.settings[match.group(1)][match.group(2)]

        text = EXPRESSION.sub(lookup, str(value))
        assert "${{" not in text, f"an expression the local runner does not know: {value}"
        return text

    def run_job(self, document: dict, job_id: str) -> list[subprocess.CompletedProcess]:
        job = document["jobs"][job_id]
        done = []
        for step in job["steps"]:
            if "uses" in step:
                self.action(step)
                continue
            env = dict(self.base)
            for layer in (document.get("env", {}), job.get("env", {}), step.get("env", {})):
                env.update({k: self.resolve(v) for k, v in layer.items()})
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=self.repo,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
            done.append(result)
            if result.returncode != 0:
                break
        return done

    def action(self, step: dict) -> None:
        action = step["uses"].split("@")[0]
        if action == "actions/upload-artifact":  # what it would upload is there
            assert (self.repo / step["with"]["path"]).is_file(), step
        else:  # checkout: this is the checkout; setup-python: the job's Python is first on PATH
            assert action in ("actions/checkout", "actions/setup-python"), action


def _ok(results: list[subprocess.CompletedProcess]) -> None:
    for result in results:
        assert result.returncode == 0, f"{result.args[-1]}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


def test_the_generated_workflow_runs_against_a_live_server(daphne_server, on_celery, operator, tmp_path, e2e_dirs):
    from executions.models import Execution
    from pipelines.models import Pipeline

    # On the server: the pipeline as built in the UI; the repository holds its document, changed.
    existing = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 3}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "ci_workflow"}},
        ],
        name="CI workflow orders",
    )
    Pipeline.objects.filter(pk=existing.pk).update(slug=SLUG)
    (e2e_dirs / "data" / "ci-workflow-in.csv").write_text("id,amount\n1,5\n2,-1\n3,7\n")
    _, token = token_create(user=operator, name="github actions", role="operator")

    generated = workflow_generate(
        user=operator, options=workflow_options({"deploy": True, "pipelines": [SLUG], "schedule": "0 3 * * 1"})
    )
    document = yaml.safe_load(generated.content)
    repo = _checkout(tmp_path)
    runner = Runner(
        root=tmp_path,
        repo=repo,
        bin_dir=_python(tmp_path),
        settings={"vars": {"SLUICE_URL": f"http://{daphne_server}"}, "secrets": {"SLUICE_TOKEN": token}},
    )

    check = runner.run_job(document, "check")
    _ok(check)
    assert len(check) == 3  # install, validate, test
    assert 'failures="0"' in (repo / "sluice-junit.xml").read_text()
    assert "positives-only: passed" in check[2].stdout

    versions_before = existing.versions.count()
    deploy = runner.run_job(document, "deploy")
    _ok(deploy)
    assert len(deploy) == 3  # install, apply, run
    pipeline = Pipeline.objects.get(slug=SLUG)
    assert pipeline.versions.count() == versions_before + 1
    assert pipeline.current_version.graph["nodes"][0]["type"] == "source.file"
    execution = Execution.objects.filter(pipeline=pipeline).latest("id")
    assert execution.status == "succeeded" and execution.version_id == pipeline.current_version_id
    assert (e2e_dirs / "data" / "out" / "ci-workflow.csv").read_text().splitlines()[1:] == ["1,5", "3,7"]


def test_a_broken_document_fails_the_check_job(daphne_server, operator, tmp_path):
    _, token = token_create(user=operator, name="github actions", role="operator")
    generated = workflow_generate(user=operator, options=workflow_options({"client_source": "path"}))
    repo = _checkout(tmp_path)
    # the client vendored in the repository (client_source: path)
    shutil.copytree(
        Path(__file__).resolve().parents[2] / "clients" / "python",
        repo / "clients" / "python",
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build", "dist"),
    )
    (repo / "pipelines" / f"{SLUG}.yaml").write_text(PIPELINE_DOC.replace("  slug:", "  colour: red\n  slug:"))
    runner = Runner(
        root=tmp_path,
        repo=repo,
        bin_dir=_python(tmp_path),
        settings={"vars": {"SLUICE_URL": f"http://{daphne_server}"}, "secrets": {"SLUICE_TOKEN": token}},
    )
    results = runner.run_job(yaml.safe_load(generated.content), "check")
    assert [r.returncode for r in results] == [0, 1]  # installed, then validation failed and the job stopped
    assert "colour" in results[1].stderr


def test_tests_with_fixture_files_pass_check_and_deploy(daphne_server, on_celery, operator, tmp_path, e2e_dirs):
    """The documented layout (fixtures in files beside the test) validates, tests and deploys: `sluice pipelines
    apply` inlines the files, and the test lands on the server with its rows."""
    from pipelines.models import PipelineTest

    # The pipeline's own source file (validation checks it exists): not left to another test of this file.
    (e2e_dirs / "data" / "ci-workflow-in.csv").write_text("id,amount\n1,5\n2,-1\n3,7\n")

    _, token = token_create(user=operator, name="github actions", role="operator")
    generated = workflow_generate(user=operator, options=workflow_options({"deploy": True}))
    repo = _checkout(tmp_path)
    folder = repo / "pipelines"
    (folder / "fixtures").mkdir()
    (folder / "fixtures" / "in.csv").write_text("id,amount\n1,5\n2,-1\n")
    test_doc = TEST_DOC.replace("{rows: [{id: 1, amount: 5}, {id: 2, amount: -1}]}", "{file: fixtures/in.csv}")
    assert "file: fixtures/in.csv" in test_doc
    (folder / f"{SLUG}.test.yaml").write_text(test_doc)
    runner = Runner(
        root=tmp_path,
        repo=repo,
        bin_dir=_python(tmp_path),
        settings={"vars": {"SLUICE_URL": f"http://{daphne_server}"}, "secrets": {"SLUICE_TOKEN": token}},
    )
    document = yaml.safe_load(generated.content)
    _ok(runner.run_job(document, "check"))
    _ok(runner.run_job(document, "deploy"))
    test = PipelineTest.objects.get(pipeline__slug=SLUG, name="positives-only")
    assert test.spec["fixtures"]["src"]["format"] == "csv" and "file" not in test.spec["fixtures"]["src"]
