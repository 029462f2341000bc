"""The `sluice` command line against a real daphne and a real Celery worker, run as a subprocess the way a
CI job runs it: login, list, export, run --wait (live over the WebSocket), logs, validate (offline and
against the server), apply, test, and the exit codes and messages of bad input, a bad token and an
unreachable server."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from accounts.services import token_create, token_revoke
from tests.e2e.conftest import versioned_pipeline

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("celery")]

ROOT = Path(__file__).resolve().parents[2]
CLIENT = ROOT / "clients" / "python"


def sluice(*args: str, env: dict[str, str], stdin: str | None = None, timeout: float = 120):
    """Run the CLI as a user would (python -m sluice_cli; the package need not be installed)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("SLUICE_", "DJANGO_"))}
    full |= {"PYTHONPATH": str(CLIENT), "COLUMNS": "200", "NO_COLOR": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "sluice_cli", *args],
        env=full,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def home(tmp_path) -> dict[str, str]:
    (tmp_path / "home").mkdir()
    return {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": ""}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_login_list_export_and_readable_errors(daphne_server, operator, home, tmp_path):
    url = f"http://{daphne_server}"
    pipeline = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 3}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "cli_one"}},
        ],
        name="Cli one",
    )
    token, raw = token_create(user=operator, name="cli", role="operator")

    # login: checks the token, writes the config 0600, never prints the token
    done = sluice("login", "--url", url, "--token-stdin", env=home, stdin=raw + "\n")
    assert done.returncode == 0, done.stderr
    config = Path(home["HOME"]) / ".config" / "sluice" / "config.toml"
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    assert raw in config.read_text() and raw not in done.stdout + done.stderr

    listed = sluice("pipelines", "list", env=home)
    assert listed.returncode == 0, listed.stderr
    assert pipeline.slug in listed.stdout
    as_json = sluice("pipelines", "list", "--json", env=home)
    assert f'"slug": "{pipeline.slug}"' in as_json.stdout

    exported = tmp_path / "out" / "one.yaml"
    exported.parent.mkdir()
    done = sluice("pipelines", "export", pipeline.slug, "-o", str(exported), env=home)
    assert done.returncode == 0, done.stderr
    assert pipeline.slug in exported.read_text() and "e2e.numbers" in exported.read_text()

    # the environment wins over the file
    other = {**home, "SLUICE_URL": url, "SLUICE_TOKEN": raw[:-4] + "AAAA"}
    refused = sluice("pipelines", "list", env=other)
    assert refused.returncode == 3 and "refused the token" in refused.stderr
    assert "Traceback" not in refused.stderr

    # usage and input errors: 2, no traceback
    for args in (("run",), ("run", pipeline.slug, "--param", "nope"), ("run", "no-such-pipeline")):
        done = sluice(*args, env=home)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
    assert "No pipeline 'no-such-pipeline'" in done.stderr

    # unreachable server: 3
    down = sluice("pipelines", "list", env={**home, "SLUICE_URL": f"http://127.0.0.1:{_closed_port()}"})
    assert down.returncode == 3 and "Cannot reach the server" in down.stderr

    # a revoked token: 3
    token_revoke(user=operator, token=token)
    assert sluice("pipelines", "list", env=home).returncode == 3

    # login with a bad token writes nothing new
    config.unlink()
    done = sluice("login", "--url", url, "--token-stdin", env=home, stdin=raw + "\n")
    assert done.returncode == 3 and not config.exists()


def test_run_wait_follows_live_and_logs(daphne_server, on_celery, operator, home, settings):
    env = {**home, "SLUICE_URL": f"http://{daphne_server}"}
    _, raw = token_create(user=operator, name="ci", role="operator")
    env["SLUICE_TOKEN"] = raw
    good = versioned_pipeline(
        operator,
        [
            {"key": "numbers", "type": "e2e.numbers", "config": {"n": 20}},
            {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 1.0}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "cli_run"}},
        ],
        name="Cli run",
    )
    done = sluice("run", good.slug, "--param", "day=2026-01-31", "--wait", "--timeout", "90", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "succeeded" in done.stdout
    for key in ("numbers", "nap", "sink"):  # not a terminal: each step's changes are lines on stderr
        assert f"{key}: succeeded" in done.stderr
    execution_id = done.stdout.split("Execution ", 1)[1].split()[0]
    from executions.models import Execution

    execution = Execution.objects.get(pk=int(execution_id))
    assert execution.params.get("day") == "2026-01-31" and execution.status == "succeeded"

    logs = sluice("logs", execution_id, env=env)
    assert logs.returncode == 0 and "sleeping" in logs.stdout
    followed = sluice("logs", execution_id, "--follow", env=env)
    assert followed.returncode == 0 and "sleeping" in followed.stdout

    # a run that fails (a ragged line far below the rows a check reads): exit 1 with its error
    source = Path(settings.DATA_ROOT) / "cli-ragged.csv"
    source.write_text("id,amount\n" + "1,2\n" * 500 + "1,2,3,4,5\n")
    bad = versioned_pipeline(
        operator,
        [
            {"key": "src", "type": "source.file", "config": {"path": source.name, "format": "csv"}},
            {"key": "sink", "type": "e2e.sink", "config": {"name": "cli_bad"}},
        ],
        name="Cli bad",
    )
    done = sluice("run", bad.slug, "--wait", "--timeout", "90", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "failed" in done.stderr and "Traceback" not in done.stderr

    # a token capped below operator cannot run: 3, the server's reason
    _, capped = token_create(user=operator, name="read only", role="viewer")
    done = sluice("run", good.slug, env={**env, "SLUICE_TOKEN": capped})
    assert done.returncode == 3 and "Not allowed" in done.stderr


PIPELINE_DOC = """\
apiVersion: sluice.dev/v1
kind: Pipeline
metadata:
  name: Cli documents
  slug: cli-documents
spec:
  graph:
    nodes:
      - {key: src, type: source.file, config: {path: cli-in.csv, format: csv}}
      - {key: keep, type: transform.filter, config: {condition: "amount > 0"}}
      - {key: dst, type: destination.file, config: {path: out/cli.csv, format: csv}}
    edges:
      - {source: src, target: keep}
      - {source: keep, target: dst}
"""

TEST_DOC = """\
apiVersion: sluice.dev/v1
kind: PipelineTest
metadata: {name: positives-only, pipeline: cli-documents}
spec:
  fixtures:
    src: {file: fixtures/in.csv}
  expect:
    dst: {rows: [{id: 1, amount: 5}]}
"""


def test_validate_apply_and_test_documents(daphne_server, editor, home, tmp_path, settings):
    from pipelines.models import Pipeline

    (Path(settings.DATA_ROOT) / "cli-in.csv").write_text("id,amount\n1,5\n2,-1\n")
    env = {**home, "SLUICE_URL": f"http://{daphne_server}"}
    env["SLUICE_TOKEN"] = token_create(user=editor, name="ci", role="editor")[1]
    folder = tmp_path / "pipelines"
    (folder / "fixtures").mkdir(parents=True)
    (folder / "cli-documents.yaml").write_text(PIPELINE_DOC)
    (folder / "fixtures" / "in.csv").write_text("id,amount\n1,5\n2,-1\n")

    offline = sluice("pipelines", "validate", str(folder), "--offline", env=home)  # no server needed
    assert offline.returncode == 0, offline.stdout + offline.stderr
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "bad.yaml").write_text(
        PIPELINE_DOC.replace("  slug: cli-documents\n", "  slug: cli-documents\n  colour: red\n")
    )
    done = sluice("pipelines", "validate", str(broken), "--offline", env=home)
    assert done.returncode == 1 and "line 6" in done.stderr and "colour" in done.stderr

    online = sluice("pipelines", "validate", str(folder), env=env)
    assert online.returncode == 0, online.stdout + online.stderr
    assert "create" in online.stdout and not Pipeline.objects.filter(slug="cli-documents").exists()
    done = sluice("pipelines", "validate", str(broken), env=env)
    assert done.returncode == 1 and "colour" in done.stderr

    applied = sluice("pipelines", "apply", str(folder), "--as-version", env=env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    pipeline = Pipeline.objects.get(slug="cli-documents")
    assert pipeline.current_version is not None
    assert sluice("pipelines", "apply", str(broken), env=env).returncode == 1

    (folder / "cli-documents.test.yaml").write_text(TEST_DOC)
    junit = tmp_path / "junit.xml"
    tested = sluice("pipelines", "test", str(folder), "--junit", str(junit), env=env)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "positives-only: passed" in tested.stdout and 'failures="0"' in junit.read_text()
    (folder / "cli-documents.test.yaml").write_text(TEST_DOC.replace("amount: 5", "amount: 6"))
    failing = sluice("pipelines", "test", str(folder), "--junit", str(junit), env=env)
    assert failing.returncode == 1 and 'failures="1"' in junit.read_text()

    missing = sluice("pipelines", "validate", str(tmp_path / "nowhere"), env=env)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_apply_inlines_file_fixtures_and_refuses_hostile_references(daphne_server, editor, home, tmp_path, settings):
    import base64
    import json

    from pipelines.models import PipelineTest

    (Path(settings.DATA_ROOT) / "cli-in.csv").write_text("id,amount\n1,5\n2,-1\n")
    env = {**home, "SLUICE_URL": f"http://{daphne_server}"}
    env["SLUICE_TOKEN"] = token_create(user=editor, name="ci", role="editor")[1]
    folder = tmp_path / "pipelines"
    (folder / "fixtures").mkdir(parents=True)
    (folder / "golden").mkdir()
    (folder / "cli-documents.yaml").write_text(PIPELINE_DOC)
    (folder / "fixtures" / "in.csv").write_text("id,amount\n1,5\n2,-1\n")
    (folder / "golden" / "dst.json").write_text('[{"id": 1, "amount": 5}]')  # data beside the documents
    test_doc = TEST_DOC.replace("{rows: [{id: 1, amount: 5}]}", "{file: golden/dst.json}")
    (folder / "cli-documents.test.yaml").write_text(test_doc)

    for command in (("validate", "--offline"), ("validate",)):
        checked = sluice("pipelines", *command, str(folder), env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "dst.json" not in checked.stdout + checked.stderr  # a referenced file is not a document
    applied = sluice("pipelines", "apply", str(folder), "--as-version", env=env)
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "PipelineTest cli-documents/positives-only: created" in applied.stdout
    test = PipelineTest.objects.get(pipeline__slug="cli-documents", name="positives-only")
    fixture, golden = test.spec["fixtures"]["src"], test.spec["expect"]["dst"]
    assert (fixture["format"], base64.b64decode(fixture["content"])) == ("csv", b"id,amount\n1,5\n2,-1\n")
    assert json.loads(base64.b64decode(golden["content"])) == [{"id": 1, "amount": 5}]
    tested = sluice("pipelines", "test", str(folder), env=env)  # the same files, read for a test run
    assert tested.returncode == 0 and "positives-only: passed" in tested.stdout, tested.stdout + tested.stderr

    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n1\n")
    (folder / "fixtures" / "link.csv").symlink_to(outside)
    (folder / "fixtures" / "big.csv").write_text("id\n" + "1\n" * (2**20 + 1))
    hostile = {
        "../outside.csv": "a path inside the document's folder",
        str(outside): "a path inside the document's folder",
        "fixtures/link.csv": "leads out of the document's folder",
        "fixtures/big.csv": "larger than 2 MB",
        "fixtures/missing.csv": "no such file",
    }
    for reference, says in hostile.items():
        (folder / "cli-documents.test.yaml").write_text(test_doc.replace("fixtures/in.csv", reference))
        for command in ("apply", "validate"):
            refused = sluice("pipelines", command, str(folder), env=env)
            assert refused.returncode == 2, (reference, refused.stdout + refused.stderr)
            message = " ".join(refused.stderr.split())
            assert "cli-documents.test.yaml: spec.fixtures.src.file" in message and says in message, message
            assert repr(reference) in message or reference in message
    assert PipelineTest.objects.filter(pipeline__slug="cli-documents").count() == 1  # nothing more applied
