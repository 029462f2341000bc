"""source.file and destination.file on real files."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError

SOURCE = registry.get("source.file")
DEST = registry.get("destination.file")
FRAME = pl.DataFrame(
    {"id": [1, 2, 3], "name": ["Zoë", "李", None], "amount": [1.5, None, -2.0], "region": ["n", "s", "n"]}
)


@pytest.fixture
def root(settings):
    return Path(settings.DATA_ROOT)


def ctx(root, **kw):
    return BuildContext(node_key="n", data_root=root, **kw)


def read(root, **config):
    cfg = SOURCE.parse_config(config)
    return SOURCE.build(ctx(root), cfg, {})["out"]


@pytest.mark.parametrize(
    "name,writer",
    [
        ("f.csv", lambda f, p: f.write_csv(p)),
        ("f.parquet", lambda f, p: f.write_parquet(p)),
        ("f.ndjson", lambda f, p: f.write_ndjson(p)),
        ("f.json", lambda f, p: f.write_json(p)),
    ],
)
def test_formats_and_schema_from_the_same_scan(root, name, writer):
    writer(FRAME, root / name)
    cfg = SOURCE.parse_config({"path": name})
    schema = SOURCE.output_schema(ctx(root, mode="schema"), cfg, {})["out"]
    data = read(root, path=name).collect()
    assert schema == data.schema
    assert data["name"].to_list() == ["Zoë", "李", None] and data.height == 3


def test_excel(root):
    FRAME.write_excel(root / "f.xlsx")
    assert read(root, path="f.xlsx").collect()["id"].to_list() == [1, 2, 3]


def test_csv_options_glob_and_overrides(root):
    (root / "sales").mkdir()
    (root / "sales" / "a.csv").write_text("skip me\nid;amount\n1;NA\n2;3,5\n", encoding="utf-8")
    (root / "sales" / "b.csv").write_text("skip me\nid;amount\n3;4\n", encoding="utf-8")
    frame = read(
        root, path="sales/*.csv", delimiter=";", skip_rows=1, null_values=["NA"], schema_overrides={"id": "string"}
    ).collect()
    assert frame.height == 3 and frame.schema["id"] == pl.String and frame["amount"][0] is None
    latin = root / "latin.csv"
    latin.write_bytes("nom\ncafé\n".encode("latin-1"))
    assert read(root, path="latin.csv", encoding="latin-1").collect()["nom"].to_list() == ["café"]


@pytest.mark.parametrize(
    "path,message",
    [
        ("../etc/passwd", "data root"),
        ("/etc/passwd", "data root"),
        ("missing.csv", "does not exist"),
        ("none-*.csv", "No file matches"),
    ],
)
def test_refusals(root, path, message):
    with pytest.raises((NodeError, ValueError), match=message):
        read(root, path=path)


def test_symlink_out_is_refused(root, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("a\n1\n")
    os.symlink(outside, root / "link.csv")
    with pytest.raises(NodeError, match="outside the data root"):
        read(root, path="link.csv")


def test_unknown_override_and_empty_and_dry_run(root):
    FRAME.write_csv(root / "f.csv")
    with pytest.raises(NodeError, match="No column 'nope'"):
        read(root, path="f.csv", schema_overrides={"nope": "int64"})
    (root / "empty.csv").write_text("id,name\n")
    assert read(root, path="empty.csv").collect().height == 0
    cfg = SOURCE.parse_config({"path": "f.csv"})
    assert SOURCE.build(ctx(root, mode="dry_run", sample_rows=2), cfg, {})["out"].collect().height == 2
    injected = SOURCE.build(ctx(root, mode="dry_run", injected_rows=[{"id": 9}]), cfg, {})["out"].collect()
    assert injected.to_dicts() == [{"id": 9}] and injected.schema["id"] == pl.Int64


def test_overwrite_is_two_phase_and_idempotent(root):
    cfg = DEST.parse_config({"path": "out/r.parquet", "format": "parquet"})
    c = ctx(root, stage_id="e1_d_a1")
    receipt = DEST.stage(c, cfg, FRAME.lazy())
    assert not (root / "out" / "r.parquet").exists()  # nothing visible before the commit
    DEST.commit(c, cfg, receipt)
    DEST.commit(c, cfg, receipt)
    assert pl.read_parquet(root / "out" / "r.parquet").equals(FRAME)
    second = DEST.stage(ctx(root, stage_id="e2_d_a1"), cfg, FRAME.head(1).lazy())
    DEST.abort(c, cfg, second)
    assert pl.read_parquet(root / "out" / "r.parquet").height == 3 and not Path(second["staging"]).exists()


@pytest.mark.parametrize("fmt,reader", [("csv", pl.read_csv), ("ndjson", pl.read_ndjson)])
def test_text_formats(root, fmt, reader):
    cfg = DEST.parse_config({"path": f"o.{fmt}", "format": fmt})
    c = ctx(root, stage_id="s")
    DEST.commit(c, cfg, DEST.stage(c, cfg, FRAME.lazy()))
    assert reader(root / f"o.{fmt}").height == 3


def test_partitioned(root):
    cfg = DEST.parse_config({"path": "parts", "mode": "partitioned", "partition_by": ["region"]})
    with pytest.raises(NodeError, match="No column 'zone'"):
        DEST.check_input(
            ctx(root), DEST.parse_config({"path": "p", "mode": "partitioned", "partition_by": ["zone"]}), FRAME.schema
        )
    c = ctx(root, stage_id="p1")
    DEST.commit(c, cfg, DEST.stage(c, cfg, FRAME.lazy()))
    back = pl.read_parquet(root / "parts", hive_partitioning=True)
    assert back.height == 3 and sorted(p.name for p in (root / "parts").iterdir()) == ["region=n", "region=s"]
    c2 = ctx(root, stage_id="p2")
    DEST.commit(c2, cfg, DEST.stage(c2, cfg, FRAME.head(1).lazy()))  # a second run replaces the whole set
    assert pl.read_parquet(root / "parts", hive_partitioning=True).height == 1


def test_destination_refuses_escapes(root):
    with pytest.raises(NodeError, match="data root"):
        DEST.check_input(
            ctx(root),
            DEST.parse_config({"path": "../x.csv"}) if False else DEST.parse_config({"path": "a/../../x.csv"}),
            FRAME.schema,
        )
