"""manage.py test_pipelines: stored tests and documents on disk, exit codes, the diff, JUnit XML, --update-golden."""

from __future__ import annotations

import json
from io import StringIO
from xml.etree import ElementTree as ET

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from pipelines.graph import parse_graph_document
from pipelines.models import PipelineTest
from pipelines.services import pipeline_create
from pipelines.testing.services import pipeline_test_create
from pipelines.testing.spec import parse_spec
from tests.pipelines.testing.helpers import FILTER_GRAPH, ORDERS

KEPT = [r for r in ORDERS if r["amount"] > 0]


def command(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("test_pipelines", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), f"{err.getvalue()}{exc}"
    return 0, out.getvalue(), err.getvalue()


@pytest.fixture
def pipeline(user):
    return pipeline_create(user=user, name="Orders", slug="orders", graph=parse_graph_document(FILTER_GRAPH))


def add(pipeline, name: str, golden: list[dict]) -> PipelineTest:
    spec = parse_spec({"name": name, "fixtures": {"src": {"rows": ORDERS}}, "expect": {"dst": {"rows": golden}}})
    return pipeline_test_create(pipeline=pipeline, user=None, spec=spec)


@pytest.mark.django_db
def test_passing_tests_exit_zero_and_are_recorded(pipeline):
    test = add(pipeline, "kept", KEPT)
    code, out, _ = command("orders")
    assert code == 0
    assert "PASS kept" in out and "1 passed, 0 failed, 0 errors" in out
    test.refresh_from_db()
    assert test.last_status == "passed" and test.last_run_at is not None


@pytest.mark.django_db
def test_a_failing_test_exits_one_with_a_readable_diff(pipeline):
    add(pipeline, "kept", KEPT)
    add(pipeline, "everything", ORDERS)
    code, out, message = command()  # every pipeline with tests
    assert code == 1
    assert "FAIL everything" in out
    assert "dst: 3 rows, expected 4" in out
    [missing] = [line.strip() for line in out.splitlines() if line.strip().startswith("- ")]
    assert sorted(missing[2:].split(", ")) == ["amount=-3.0", "id=2", 'region="south"', 'status="refund"']
    assert "1 passed, 1 failed, 0 errors" in message


@pytest.mark.django_db
def test_junit_xml_parses_and_counts(pipeline, tmp_path):
    add(pipeline, "kept", KEPT)
    add(pipeline, "everything", ORDERS)
    report = tmp_path / "junit.xml"
    code, _, _ = command("orders", "--junit", str(report))
    assert code == 1
    root = ET.fromstring(report.read_bytes())
    suite = root.find("testsuite")
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
    assert suite.get("name") == "orders"
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert cases["kept"].find("failure") is None
    failure = cases["everything"].find("failure")
    assert "outputs differ" in failure.get("message") and "amount=-3.0" in failure.text


@pytest.mark.django_db
def test_an_unknown_slug_is_a_usage_error(pipeline):
    code, _, message = command("nope")
    assert code == 2 and "nope" in message


@pytest.mark.django_db
def test_update_golden_makes_the_outputs_golden(pipeline):
    test = add(pipeline, "everything", ORDERS)
    assert command("orders", "--update-golden")[0] == 1
    test.refresh_from_db()
    assert len(test.spec["expect"]["dst"]["rows"]) == 3
    assert command("orders")[0] == 0


# --- documents on disk -------------------------------------------------------------------------------


def write_folder(root, *, golden_file: bool = True, golden=KEPT, fixture_ref: str = "fixtures/orders.json"):
    (root / "fixtures").mkdir(parents=True, exist_ok=True)
    (root / "golden").mkdir(exist_ok=True)
    (root / "fixtures" / "orders.json").write_text(json.dumps(ORDERS))
    (root / "golden" / "dst.json").write_text(json.dumps(golden))
    pipeline_doc = {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": "Orders", "slug": "orders-on-disk"},
        "spec": {"graph": FILTER_GRAPH},
    }
    expect = {"file": "golden/dst.json"} if golden_file else {"rows": golden}
    test_doc = {
        "apiVersion": "sluice.dev/v1",
        "kind": "PipelineTest",
        "metadata": {"name": "kept", "pipeline": "orders-on-disk"},
        "spec": {"fixtures": {"src": {"file": fixture_ref}}, "expect": {"dst": expect}},
    }
    (root / "orders.yaml").write_text(yaml.safe_dump_all([pipeline_doc, test_doc]))


@pytest.mark.django_db
def test_documents_in_a_folder_run_and_nothing_is_saved(tmp_path):
    write_folder(tmp_path)
    code, out, _ = command("--path", str(tmp_path))
    assert code == 0, out
    assert "orders-on-disk: 1 passed" in out
    assert not PipelineTest.objects.exists()


@pytest.mark.django_db
def test_documents_that_fail_exit_one_and_update_golden_rewrites_the_file(tmp_path):
    write_folder(tmp_path, golden=ORDERS)
    code, out, _ = command("--path", str(tmp_path), "--update-golden")
    assert code == 1 and "FAIL kept" in out
    assert len(json.loads((tmp_path / "golden" / "dst.json").read_text())) == 3
    assert command("--path", str(tmp_path))[0] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["../outside.json", "/etc/passwd", "fixtures/../../outside.json", "link.json"])
def test_file_references_may_not_leave_the_documents_folder(tmp_path, reference):
    (tmp_path / "outside.json").write_text(json.dumps(ORDERS))
    root = tmp_path / "repo"
    root.mkdir()
    (root / "link.json").symlink_to(tmp_path / "outside.json")
    write_folder(root, fixture_ref=reference)
    code, out, _ = command("--path", str(root))
    assert code == 1
    assert "ERROR kept" in out
    assert "folder" in out or "no such file" in out


@pytest.mark.django_db
def test_a_test_of_an_unknown_pipeline_is_an_error(tmp_path):
    write_folder(tmp_path)
    text = (tmp_path / "orders.yaml").read_text().replace("pipeline: orders-on-disk", "pipeline: elsewhere")
    (tmp_path / "orders.yaml").write_text(text)
    code, out, _ = command("--path", str(tmp_path))
    assert code == 1 and "no such pipeline" in out


@pytest.mark.django_db
def test_an_unreadable_document_is_an_input_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("apiVersion: sluice.dev/v1\nkind: PipelineTest\nmetadata: {name: x}\n")
    code, _, message = command("--path", str(tmp_path))
    assert code == 2 and "could not be read" in message


@pytest.mark.django_db
def test_a_yaml_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]" for i in range(1, 12)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nkind: PipelineTest\n")
    code, _, message = command("--path", str(tmp_path))
    assert code == 2 and "could not be read" in message


@pytest.mark.django_db
def test_unknown_fields_of_a_test_document_are_refused_with_their_line(tmp_path):
    write_folder(tmp_path)
    text = (tmp_path / "orders.yaml").read_text().replace("metadata:\n  name: kept", "metadata:\n  nme: kept")
    (tmp_path / "orders.yaml").write_text(text)
    code, _, message = command("--path", str(tmp_path))
    assert code == 2
    assert "orders.yaml#1:" in message and "metadata.nme" in message
