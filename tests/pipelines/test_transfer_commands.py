from __future__ import annotations

from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Pipeline, PipelineVersion
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401
from tests.pipelines.test_services import GRAPH

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return factories.UserFactory(is_superuser=True, is_staff=True)


def test_export_then_import_round_trip(tmp_path, editor, admin_user):
    pipeline = services.pipeline_create(
        user=editor,
        name="Round trip",
        graph=parse_graph_document(GRAPH),
        tags=["x"],
        schedule_cron="0 6 * * *",
        default_params={"day": "today"},
    )
    services.pipeline_version_create(pipeline=pipeline, user=editor)
    target = tmp_path / "p.yaml"
    call_command("export_pipeline", pipeline.slug, "-o", str(target), stderr=StringIO())
    document = yaml.safe_load(target.read_text())
    assert document["graph"]["nodes"][1]["config"] == {"factor": 2} and document["params"] == {"day": "today"}
    document["slug"] = "copied"
    target.write_text(yaml.safe_dump(document))
    out = StringIO()
    call_command("import_pipeline", str(target), stdout=out)
    assert "copied created v1" in out.getvalue()
    out = StringIO()
    call_command("import_pipeline", str(target), stdout=out)
    assert "graph unchanged (v1)" in out.getvalue()
    document["graph"]["nodes"][1]["config"] = {"factor": 9}
    target.write_text(yaml.safe_dump(document))
    out = StringIO()
    call_command("import_pipeline", str(target), stdout=out)
    assert "new version v2" in out.getvalue()
    copied = Pipeline.objects.get(slug="copied")
    assert copied.owner == admin_user and PipelineVersion.objects.filter(pipeline=copied).count() == 2
    printed = StringIO()
    call_command("export_pipeline", "copied", stdout=printed)
    assert yaml.safe_load(printed.getvalue())["graph"] == document["graph"]


def test_export_holds_no_secrets(editor):
    connection = services.connection_create(
        user=editor,
        name="db",
        kind="postgresql",
        secrets={"password": "hunter22"},
        config={"host": "127.0.0.1", "port": 5432, "database": "x", "user": "u"},
    )
    graph = {
        "nodes": [{"key": "src", "type": "test.rows", "config": {}}, {"key": "dst", "type": "test.sink", "config": {}}],
        "edges": [{"source": "src", "target": "dst"}],
    }
    pipeline = services.pipeline_create(user=editor, name="Secretive", graph=parse_graph_document(graph))
    out = StringIO()
    call_command("export_pipeline", pipeline.slug, stdout=out)
    assert "hunter22" not in out.getvalue() and connection.slug not in out.getvalue()


def test_readable_errors_and_partial_success(tmp_path, admin_user):
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"slug": "good", "name": "Good", "graph": GRAPH}))
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("nodes: [unclosed")
    no_name = tmp_path / "noname.yaml"
    no_name.write_text(yaml.safe_dump({"slug": "x", "graph": GRAPH}))
    err = StringIO()
    with pytest.raises(CommandError, match="3 of 4 file"):
        call_command(
            "import_pipeline",
            str(good),
            str(bad_yaml),
            str(no_name),
            str(tmp_path / "missing.yaml"),
            "--draft",
            stdout=StringIO(),
            stderr=err,
        )
    text = err.getvalue()
    assert "bad.yaml: not valid YAML" in text and "noname.yaml: name:" in text and "missing.yaml: no such file" in text
    assert Pipeline.objects.filter(slug="good").exists() and not Pipeline.objects.filter(slug="x").exists()
    with pytest.raises(CommandError, match="No pipeline"):
        call_command("export_pipeline", "nope")
    with pytest.raises(CommandError, match="No user"):
        call_command("import_pipeline", str(good), "--owner", "ghost")
