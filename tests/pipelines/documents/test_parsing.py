"""pipelines.documents: parsing with lines and field paths, the kinds, the legacy format, and hostile input
(unknown fields, YAML bombs, deep nesting, huge text, object tags, duplicate keys, zip slip, zip bombs)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from pipelines.documents import (
    DocumentError,
    document_schema,
    documents_parse,
    kinds,
    limits,
    load_archive,
    load_path,
    register_kind,
)
from pipelines.documents.sources import MAX_MEMBERS

GOOD = """\
apiVersion: sluice.dev/v1
kind: Pipeline
metadata:
  name: Orders
  slug: orders
spec:
  graph:
    nodes:
      - key: src
        type: source.file
        config: {path: in.csv}
      - key: dst
        type: destination.file
    edges:
      - {source: src, target: dst}
"""


def only(text: str, **kwargs):
    (document,) = documents_parse(text, **kwargs)
    return document


def where(document) -> list[tuple[str, int | None, int | None]]:
    return [(p.path, p.line, p.column) for p in document.problems]


def test_a_good_document():
    document = only(GOOD, filename="orders.yaml")
    assert document.ok and document.kind == "Pipeline" and document.api_version == "sluice.dev/v1"
    assert document.model.metadata.slug == "orders" and document.model.spec.priority == 5
    assert document.model.spec.graph.edges[0].target_port == "in" and not document.legacy
    assert document.label == "orders.yaml"


def test_unknown_fields_are_refused_at_their_line_and_column():
    text = GOOD.replace("        config: {path: in.csv}\n", "        confg: {path: in.csv}\n").replace(
        "spec:\n", "spec:\n  sechdule: {}\n"
    )
    document = only(text, filename="orders.yaml")
    assert not document.ok and document.model is None
    assert where(document) == [("spec.sechdule", 7, 3), ("spec.graph.nodes.0.confg", 12, 9)]
    assert document.problems[1].where("orders.yaml") == "orders.yaml:12:9: spec.graph.nodes.0.confg"
    assert document.problems[1].message == "Unknown field: not allowed here."


def test_missing_fields_point_at_their_parent_and_types_at_the_value():
    document = only("apiVersion: sluice.dev/v1\nkind: Pipeline\nmetadata:\n  name: X\nspec:\n  priority: high\n")
    assert where(document) == [("metadata.slug", 3, 1), ("spec.priority", 6, 3)]
    assert document.problems[0].message == "Required field is missing."


def test_graph_invariants_come_with_lines():
    text = GOOD.replace("- {source: src, target: dst}", "- {source: src, target: nowhere}")
    assert where(only(text)) == [("spec.graph.edges.0.target", 15, 23)]
    twice = GOOD.replace("key: dst", "key: src")
    assert ("spec.graph.nodes.1.key", 12, 9) in where(only(twice))


def test_several_documents_and_unknown_kinds():
    text = (
        GOOD
        + "---\napiVersion: sluice.dev/v1\nkind: Nope\n---\napiVersion: sluice.dev/v9\nkind: Pipeline\n---\n- a list\n"
    )
    documents = documents_parse(text, filename="all.yaml")
    assert [d.ok for d in documents] == [True, False, False, False]
    assert [d.label for d in documents] == ["all.yaml", "all.yaml#1", "all.yaml#2", "all.yaml#3"]
    assert "Unknown kind 'Nope'; known kinds: Pipeline" in documents[1].problems[0].message
    assert documents[1].problems[0].line == 18
    assert documents[2].problems[0].path == "apiVersion"
    assert documents[3].problems[0].message.startswith("Expected a mapping")
    assert "it needs apiVersion" in only("hello: world\n").problems[0].message


def test_legacy_exports_still_read():
    legacy = {"sluice": 1, "name": "Old", "slug": "old", "schedule": {"cron": "0 6 * * *"}, "graph": {"nodes": []}}
    document = only(yaml.safe_dump(legacy))
    assert document.ok and document.legacy and document.kind == "Pipeline"
    legacy["colour"] = "blue"
    assert where(only(yaml.safe_dump(legacy))) == [("colour", 1, 1)]


def test_json_with_and_without_yaml_marks():
    as_json = json.dumps(yaml.safe_load(GOOD), indent=2)
    document = only(as_json, filename="orders.json")
    assert document.ok and document.line == 1
    tabbed = json.dumps(yaml.safe_load(GOOD), indent="\t").replace('"Orders"', '"Orders",\t"extra": 1')
    document = only(tabbed, filename="orders.json")  # YAML refuses the tabs: plain JSON, no lines
    assert where(document) == [("metadata.extra", None, None)]
    with pytest.raises(DocumentError, match="not valid JSON"):
        documents_parse("{nope", filename="x.json")


def test_duplicate_keys_are_refused():
    document = only(GOOD.replace("  slug: orders\n", "  slug: orders\n  slug: other\n"))
    assert document.problems[0].message == "Duplicate key 'slug' (first on line 5)." and document.problems[0].line == 6


@pytest.mark.parametrize(
    "text,message",
    [
        ("a: [unclosed", "not valid YAML"),
        ("!!python/object/apply:os.system ['echo hacked']", "not valid YAML"),
        ("a: !!binary AAAA\n" * 1 + "b: !custom x\n", "not valid YAML"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
        (b"\xff\xfe", "not UTF-8 text"),
    ],
)
def test_hostile_text(text, message):
    with pytest.raises(DocumentError, match=message):
        documents_parse(text)


def test_alias_bombs_and_cycles_are_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1000
    with pytest.raises(DocumentError, match="more than 1000000 values once its aliases are expanded"):
        documents_parse(bomb)
    with pytest.raises(DocumentError, match="aliases are expanded"):
        documents_parse("a: &a [*a]\n")
    # A small repeated block is fine.
    anchors = GOOD.replace("config: {path: in.csv}", "config: &cfg {path: in.csv}") + "---\n" + GOOD
    assert all(d.ok for d in documents_parse(anchors))


def test_size_and_count_limits(monkeypatch):
    monkeypatch.setattr(limits, "MAX_BYTES", 100)
    with pytest.raises(DocumentError, match="larger than 100 bytes"):
        documents_parse(GOOD)
    monkeypatch.setattr(limits, "MAX_BYTES", 10 * 2**20)
    monkeypatch.setattr(limits, "MAX_DOCUMENTS", 3)
    with pytest.raises(DocumentError, match="more than 3 documents"):
        documents_parse("---\na: 1\n" * 5)


def test_the_real_limit_refuses_a_huge_text():
    with pytest.raises(DocumentError, match="larger than 10 MB"):
        documents_parse("a: '" + "x" * (10 * 2**20) + "'\n")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_archives_read_documents_and_refuse_tricks():
    link = zipfile.ZipInfo("link.yaml")
    link.external_attr = 0o120777 << 16
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pipelines/orders.yaml", GOOD)
        archive.writestr("../../etc/cron.d/evil.yaml", GOOD)
        archive.writestr("C:/evil.yaml", GOOD)
        archive.writestr("nested.tar.gz", b"x")
        archive.writestr(link, "/etc/passwd")
        archive.writestr("notes.txt", "skipped")
        archive.writestr(".hidden/x.yaml", GOOD)
    loaded = load_archive(buffer.getvalue(), filename="repo.zip")
    assert [d.label for d in loaded.documents] == ["repo.zip:pipelines/orders.yaml"]
    assert {f.filename: f.message for f in loaded.failures} == {
        "repo.zip:../../etc/cron.d/evil.yaml": "unsafe path in the archive; refused",
        "repo.zip:C:/evil.yaml": "unsafe path in the archive; refused",
        "repo.zip:nested.tar.gz": "an archive inside the archive; refused",
        "repo.zip:link.yaml": "a symbolic link; refused",
    }
    assert load_archive(b"not a zip", filename="x.zip").failures[0].message.startswith("not a zip archive")


def test_zip_bombs_and_member_counts_are_refused(monkeypatch):
    bomb = _zip({"bomb.yaml": b"a: '" + b"x" * (11 * 2**20) + b"'\n"})
    assert len(bomb) < 50_000
    (failure,) = load_archive(bomb, filename="bomb.zip").failures
    assert "larger than 10 MB" in failure.message
    ratio = _zip({"ratio.yaml": b"a: '" + b"x" * (3 * 2**20) + b"'\n"})
    (failure,) = load_archive(ratio, filename="ratio.zip").failures
    assert "zip bomb" in failure.message
    many = _zip({f"d{i}.yaml": b"a: 1\n" for i in range(MAX_MEMBERS + 1)})
    (failure,) = load_archive(many, filename="many.zip").failures
    assert f"more than {MAX_MEMBERS} members" in failure.message


def test_a_lying_header_is_still_bounded(monkeypatch):
    """The uncompressed size is counted while reading, not taken from the member's header."""
    monkeypatch.setattr(limits, "MAX_BYTES", 1000)
    data = bytearray(_zip({"a.yaml": b"a: '" + b"x" * 5000 + b"'\n"}))
    # Forge the declared sizes (local header and central directory) to a small number.
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(header)
        data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
    loaded = load_archive(bytes(data), filename="liar.zip")
    assert not loaded.documents and loaded.failures


def test_directories(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.json").write_text(json.dumps(yaml.safe_load(GOOD.replace("orders", "beta"))))
    (tmp_path / "README.md").write_text("no")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yml").write_text(GOOD.replace("orders", "gamma"))
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.yaml").write_text("x: [")
    flat = load_path(tmp_path)
    assert [d.model.metadata.slug for d in flat.documents] == ["orders", "beta"] and not flat.failures
    deep = load_path(tmp_path, recursive=True)
    assert [d.model.metadata.slug for d in deep.documents] == ["orders", "beta", "gamma"] and not deep.failures
    assert load_path(tmp_path / "nope.yaml").failures[0].message == "no such file"


class Widget(BaseModel):
    model_config = ConfigDict(extra="forbid")
    apiVersion: str
    kind: str
    size: int


def test_a_registered_kind_is_parsed_applied_in_order_and_in_the_schema():
    applied = []
    register_kind("Widget", Widget, apply=lambda **kw: applied.append(kw), order=99)
    try:
        document = only("apiVersion: sluice.dev/v1\nkind: Widget\nsize: big\n")
        assert document.kind == "Widget" and where(document) == [("size", 3, 1)]
        assert only("apiVersion: sluice.dev/v1\nkind: Widget\nsize: 3\n").ok
        assert kinds.registered()[-1].name == "Widget"
        schema = document_schema()
        assert "Widget" in schema["properties"]["kind"]["enum"] and "Widget" in schema["$defs"]
    finally:
        kinds._KINDS.pop(("sluice.dev/v1", "Widget"))
