"""manage.py export_pipeline, import_pipeline and ensure_admin: round trips, versions only when the graph
changed, readable errors (CommandError, no traceback) and no secret ever printed."""

from __future__ import annotations

import json
import logging
from io import StringIO

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from pipelines import services
from pipelines.graph import parse_graph_document
from pipelines.models import Node, Pipeline, PipelineVersion, Tag
from tests import factories
from tests.pipelines.test_graph_validation import test_types  # noqa: F401  (registers test.* node types)
from tests.pipelines.test_services import GRAPH

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return factories.UserFactory(is_superuser=True, is_staff=True)


def export(slug: str) -> str:
    out = StringIO()
    call_command("export_pipeline", slug, stdout=out)
    return out.getvalue()


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_pipeline", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_round_trip_into_a_fresh_database_gives_the_same_export(tmp_path, editor, admin_user):
    pipeline = services.pipeline_create(
        user=editor,
        name="Ventes journalières — Zürich",
        description="Unicode survives: é, ß, 日本",
        graph=parse_graph_document(GRAPH),
        tags=["daily", "sales"],
        schedule_cron="0 6 * * *",
        schedule_timezone="Europe/Paris",
        schedule_enabled=True,
        default_params={"day": "today", "limit": 10},
        concurrency_limit=3,
        priority=7,
    )
    services.pipeline_version_create(pipeline=pipeline, user=editor)
    first = export(pipeline.slug)
    assert "Zürich" in first and "\\u" not in first  # allow_unicode
    target = tmp_path / "pipeline.yaml"
    err = StringIO()
    call_command("export_pipeline", pipeline.slug, "-o", str(target), stderr=err)
    assert target.read_text(encoding="utf-8") == first and "wrote" in err.getvalue()

    # A fresh database: nothing of the pipeline is left.
    services.pipeline_delete(pipeline=pipeline, user=editor)
    Tag.objects.all().delete()
    assert not Pipeline.objects.exists() and not Node.objects.exists()

    out, _ = run_import(str(target))
    assert f"{pipeline.slug} created v1" in out
    imported = Pipeline.objects.get(slug=pipeline.slug)
    assert imported.owner == admin_user and imported.current_version.number == 1
    assert export(pipeline.slug) == first


def test_import_twice_makes_no_new_version_and_a_changed_graph_does(tmp_path, admin_user):
    target = tmp_path / "p.yaml"
    document = {"name": "Twice", "slug": "twice", "graph": GRAPH}
    target.write_text(yaml.safe_dump(document))
    assert "twice created v1" in run_import(str(target))[0]
    assert "twice updated, graph unchanged (v1)" in run_import(str(target))[0]
    # Moving a node on the canvas is layout, not a change of what the pipeline does.
    document["graph"] = json.loads(json.dumps(GRAPH))
    document["graph"]["nodes"][0]["position"] = {"x": 300, "y": 40}
    target.write_text(yaml.safe_dump(document))
    assert "graph unchanged (v1)" in run_import(str(target))[0]
    document["graph"]["nodes"][1]["config"] = {"factor": 5}
    target.write_text(yaml.safe_dump(document))
    assert "twice updated, new version v2" in run_import(str(target))[0]
    assert list(PipelineVersion.objects.filter(pipeline__slug="twice").values_list("number", flat=True)) == [2, 1]


def test_json_documents_and_drafts(tmp_path, admin_user):
    target = tmp_path / "p.json"
    broken = {"nodes": [{"key": "src", "type": "test.rows"}], "edges": []}  # no destination: not versionable
    target.write_text(json.dumps({"name": "Draft", "slug": "draft", "graph": broken}))
    assert "draft created (draft)" in run_import(str(target), "--draft")[0]
    assert Pipeline.objects.get(slug="draft").current_version is None
    with pytest.raises(CommandError, match="1 of 1 file"):
        run_import(str(target))
    assert not PipelineVersion.objects.exists()


def test_owner_option(tmp_path, editor):
    target = tmp_path / "p.yaml"
    target.write_text(yaml.safe_dump({"name": "Mine", "slug": "mine", "graph": GRAPH}))
    with pytest.raises(CommandError, match="No superuser to own the pipelines: pass --owner"):
        run_import(str(target))
    with pytest.raises(CommandError, match="No user 'ghost'"):
        run_import(str(target), "--owner", "ghost")
    run_import(str(target), "--owner", editor.username)
    assert Pipeline.objects.get(slug="mine").owner == editor


@pytest.mark.parametrize(
    "content,message",
    [
        ("nodes: [unclosed", "not valid YAML"),
        ("- just\n- a list\n", "bad.yaml:1:1: Expected a mapping"),
        (yaml.safe_dump({"slug": "x", "graph": GRAPH}), "bad.yaml:1:1: name: Required field is missing"),
        (yaml.safe_dump({"name": "X", "graph": GRAPH}), "slug: Required field is missing"),
        (
            yaml.safe_dump({"name": "X", "slug": "x", "graph": {"nodes": [{"key": "1a", "type": "t"}]}}),
            "graph.nodes.0.key",
        ),
        (
            yaml.safe_dump({"name": "X", "slug": "x", "graph": GRAPH, "schedule": {"cron": "often"}}),
            "schedule.cron: 'often' is not a valid",
        ),
        (yaml.safe_dump({"name": "X", "slug": "x", "graph": GRAPH, "tags": ["Bad Tag"]}), "tags.0: Invalid tag"),
        ("!!python/object/apply:os.system ['echo hacked']", "not valid YAML"),
    ],
)
def test_bad_files_are_reported_by_name_with_field_errors(tmp_path, admin_user, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump({"name": "Good", "slug": "good", "graph": GRAPH}))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_pipeline", str(bad), str(good), stdout=out, stderr=err)
    assert f"{bad}:" in err.getvalue() and message in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert "good created v1" in out.getvalue()  # the other file still imported
    assert list(Pipeline.objects.values_list("slug", flat=True)) == ["good"]  # the bad one changed nothing


def test_yaml_bombs_and_missing_files_are_refused(tmp_path, admin_user):
    bomb = tmp_path / "bomb.yaml"
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]  # 10**9 values once expanded
    bomb.write_text("\n".join(lines) + "\nname: Bomb\nslug: bomb\ngraph: {nodes: *a8}\n")
    assert bomb.stat().st_size < 1000
    err = StringIO()
    with pytest.raises(CommandError, match="2 of 2 file"):
        call_command("import_pipeline", str(bomb), str(tmp_path / "nope.yaml"), stdout=StringIO(), stderr=err)
    assert "bomb.yaml: holds more than 1000000 values once its aliases are expanded; refused" in err.getvalue()
    assert "nope.yaml: no such file" in err.getvalue()
    # Aliases as such are fine: a document that repeats a small block is imported.
    anchors = tmp_path / "anchors.yaml"
    anchors.write_text(
        "name: Anchors\nslug: anchors\ngraph:\n  nodes:\n"
        "  - {key: src, type: test.rows, config: &cfg {columns: {a: Int64}}}\n"
        "  - {key: src2, type: test.rows, config: *cfg}\n"
        "  - {key: m, type: test.merge}\n  - {key: dst, type: test.sink}\n"
        "  edges:\n  - {source: src, target: m}\n  - {source: src2, target: m}\n  - {source: m, target: dst}\n"
    )
    assert "anchors created v1" in run_import(str(anchors))[0]


def test_size_cap_message(tmp_path, admin_user, monkeypatch):
    from pipelines.documents import limits

    monkeypatch.setattr(limits, "MAX_BYTES", 10)
    big = tmp_path / "big.yaml"
    big.write_text(yaml.safe_dump({"name": "Big", "slug": "big", "graph": GRAPH}))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_pipeline", str(big), stdout=StringIO(), stderr=err)
    assert "big.yaml: larger than" in err.getvalue() and not Pipeline.objects.exists()


def test_export_errors_and_no_secrets(tmp_path, editor):
    with pytest.raises(CommandError, match="No pipeline with slug 'nope'"):
        call_command("export_pipeline", "nope")
    connection = services.connection_create(
        user=editor,
        name="Warehouse db",
        kind="postgresql",
        secrets={"password": "hunter2-very-secret"},
        config={"host": "127.0.0.1", "port": 5432, "database": "x", "user": "u"},
    )
    graph = {
        "nodes": [
            {"key": "src", "type": "source.database", "config": {"connection": connection.slug, "table": "orders"}},
            {"key": "dst", "type": "test.sink"},
        ],
        "edges": [{"source": "src", "target": "dst"}],
    }
    pipeline = services.pipeline_create(user=editor, name="Uses a secret", graph=parse_graph_document(graph))
    text = export(pipeline.slug)
    assert f"connection: {connection.slug}" in text  # referenced by slug...
    assert "hunter2-very-secret" not in text and connection.encrypted_secrets not in text  # ...never its secrets
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_pipeline", pipeline.slug, "-o", str(tmp_path / "missing" / "dir" / "p.yaml"))


def test_ensure_admin_with_a_generated_password(monkeypatch, caplog):
    monkeypatch.delenv("SLUICE_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("ensure_admin", stdout=out)
    text = out.getvalue()
    assert "Sluice admin created: user admin, password " in text and "shown once; change it after signing in" in text
    password = text.split("password ")[1].split(" ")[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.check_password(password) and len(password) >= 20
    assert password not in caplog.text  # printed for the operator, never logged
    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "exists" in again.getvalue() and password not in again.getvalue()
    assert get_user_model().objects.filter(username="admin").count() == 1


def test_ensure_admin_with_the_password_from_the_environment(monkeypatch, caplog):
    monkeypatch.setenv("SLUICE_ADMIN_PASSWORD", "env-given-pass-42")
    out = StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("ensure_admin", "--username", "root", "--email", "root@example.com", stdout=out)
    assert "env-given-pass-42" not in out.getvalue() and "env-given-pass-42" not in caplog.text
    user = get_user_model().objects.get(username="root")
    assert user.check_password("env-given-pass-42") and user.email == "root@example.com" and user.is_superuser
    user.set_password("changed-later-1")
    user.save()
    call_command("ensure_admin", "--username", "root", stdout=StringIO())
    user.refresh_from_db()
    assert user.check_password("changed-later-1")  # an existing admin is left alone


def new_document(slug: str, **spec) -> dict:
    return {
        "apiVersion": "sluice.dev/v1",
        "kind": "Pipeline",
        "metadata": {"name": slug.title(), "slug": slug},
        "spec": {"graph": GRAPH, **spec},
    }


def test_directories_archives_and_several_documents_per_file(tmp_path, admin_user):
    import zipfile

    folder = tmp_path / "repo"
    (folder / "nested").mkdir(parents=True)
    (folder / "a.yaml").write_text(yaml.safe_dump_all([new_document("alpha"), new_document("beta")]))
    (folder / "nested" / "c.yml").write_text(yaml.safe_dump(new_document("gamma")))
    (folder / "notes.txt").write_text("not a document")
    out, _ = run_import(str(folder))
    assert "a.yaml: alpha created v1" in out and "a.yaml#1: beta created v1" in out and "gamma" not in out
    out, _ = run_import(str(folder), "--recursive", "--draft")
    assert "c.yml: gamma created (draft)" in out and "alpha updated (draft)" in out
    archive = tmp_path / "docs.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("d.yaml", yaml.safe_dump(new_document("delta")))
        zipped.writestr("../evil.yaml", yaml.safe_dump(new_document("evil")))
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 file"):
        call_command("import_pipeline", str(archive), stdout=(out := StringIO()), stderr=err)
    assert f"{archive}:d.yaml: delta created v1" in out.getvalue()
    assert f"{archive}:../evil.yaml: unsafe path in the archive; refused" in err.getvalue()
    assert not Pipeline.objects.filter(slug="evil").exists()
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="No documents found"):
        run_import(str(tmp_path / "empty"))


def test_a_file_applies_all_or_nothing_with_lines(tmp_path, admin_user):
    target = tmp_path / "two.yaml"
    broken = new_document("broken")
    broken["spec"]["graph"] = {"nodes": [{"key": "src", "type": "test.rows"}], "edges": []}
    target.write_text(yaml.safe_dump_all([new_document("fine"), broken], sort_keys=False))
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_pipeline", str(target), stdout=StringIO(), stderr=err)
    assert f"{target}:" in err.getvalue() and "spec.graph" in err.getvalue()
    assert not Pipeline.objects.exists()  # the good document of the file was rolled back too


def test_the_owner_may_not_update_another_users_pipeline(tmp_path, editor, admin_user):
    theirs = services.pipeline_create(user=admin_user, name="Theirs", slug="theirs", graph=parse_graph_document(GRAPH))
    target = tmp_path / "theirs.yaml"
    target.write_text(yaml.safe_dump(new_document("theirs", priority=9), sort_keys=False))
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 1 file"):
        call_command("import_pipeline", str(target), "--owner", editor.username, stdout=StringIO(), stderr=err)
    assert "metadata.slug: A pipeline with slug 'theirs' already exists and you may not change it." in err.getvalue()
    assert f"{target}:5:3:" in err.getvalue()
    theirs.refresh_from_db()
    assert theirs.priority == 5 and theirs.name == "Theirs"
    assert "theirs updated" in run_import(str(target))[0]  # the default owner, a superuser, may


def test_export_with_the_schema_modeline(editor):
    pipeline = services.pipeline_create(user=editor, name="Modeline", graph=parse_graph_document(GRAPH))
    out = StringIO()
    call_command("export_pipeline", pipeline.slug, "--schema-url", "https://sluice.example.com/", stdout=out)
    first, rest = out.getvalue().split("\n", 1)
    assert first == "# yaml-language-server: $schema=https://sluice.example.com/api/schema/pipeline-document.json"
    assert yaml.safe_load(rest)["apiVersion"] == "sluice.dev/v1"
