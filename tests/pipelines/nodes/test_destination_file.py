"""destination.file: staged writes published atomically, idempotent commit/abort, refusals."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.destinations import file as file_destination

DEST = registry.get("destination.file")
FRAME = pl.DataFrame(
    {"id": [1, 2, 3], "name": ["Zoë", "李", None], "amount": [1.5, None, -2.0], "region": ["n", "s", "n"]}
)
READERS = {"csv": pl.read_csv, "parquet": pl.read_parquet, "ndjson": pl.read_ndjson}


@pytest.fixture
def root(settings) -> Path:
    return Path(settings.DATA_ROOT).resolve()


def ctx(root: Path, stage_id: str = "e1_dst_a1") -> BuildContext:
    return BuildContext(node_key="dst", data_root=root, stage_id=stage_id)


def cfg(**config):
    return DEST.parse_config(config)


def visible(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))


def hidden(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob(".*"))


@pytest.mark.parametrize("fmt", ["csv", "parquet", "ndjson"])
def test_overwrite_each_format(root, fmt):
    config = cfg(path=f"out/r.{fmt}", format=fmt)
    DEST.check_input(ctx(root), config, FRAME.schema)
    receipt = DEST.stage(ctx(root), config, FRAME.lazy())
    assert receipt["rows"] == 3 and receipt["bytes"] == Path(receipt["staging"]).stat().st_size > 0
    assert Path(receipt["staging"]).name == f".r.{fmt}.sluice-stage-e1_dst_a1"
    assert visible(root / "out") == []  # nothing visible before the commit
    DEST.commit(ctx(root), config, receipt)
    assert READERS[fmt](root / "out" / f"r.{fmt}").equals(FRAME)
    assert hidden(root) == []


def test_commit_is_idempotent_and_abort_keeps_the_published_file(root):
    config = cfg(path="r.parquet")
    receipt = DEST.stage(ctx(root), config, FRAME.lazy())
    DEST.commit(ctx(root), config, receipt)
    DEST.commit(ctx(root), config, receipt)  # the staging vanished because it was committed: no-op
    DEST.abort(ctx(root), config, receipt)
    assert pl.read_parquet(root / "r.parquet").equals(FRAME)


def test_a_second_run_replaces_the_file_only_when_committed(root):
    config = cfg(path="r.csv", format="csv")
    DEST.commit(ctx(root), config, DEST.stage(ctx(root), config, FRAME.lazy()))
    second = DEST.stage(ctx(root, "e2_dst_a1"), config, FRAME.head(1).lazy())
    assert pl.read_csv(root / "r.csv").height == 3  # staging never shows through
    DEST.abort(ctx(root, "e2_dst_a1"), config, second)
    DEST.abort(ctx(root, "e2_dst_a1"), config, second)  # twice is fine
    assert pl.read_csv(root / "r.csv").height == 3 and hidden(root) == []
    third = DEST.stage(ctx(root, "e3_dst_a1"), config, FRAME.head(2).lazy())
    DEST.commit(ctx(root, "e3_dst_a1"), config, third)
    assert pl.read_csv(root / "r.csv").height == 2


def test_commit_without_staging_or_target_is_an_error(root):
    config = cfg(path="r.parquet")
    receipt = DEST.stage(ctx(root), config, FRAME.lazy())
    DEST.abort(ctx(root), config, receipt)
    with pytest.raises(NodeError, match="is gone"):
        DEST.commit(ctx(root), config, receipt)


def test_a_failed_stage_leaves_nothing(root):
    config = cfg(path="r.parquet")
    broken = FRAME.lazy().with_columns(pl.col("name").str.to_integer())
    with pytest.raises(pl.exceptions.PolarsError):
        DEST.stage(ctx(root), config, broken)
    assert list(root.iterdir()) == []


def test_target_never_shows_partial_content_while_staging(root):
    """A reader polling the target while a large stage is being written sees the old file, whole."""
    config = cfg(path="big.csv", format="csv")
    DEST.commit(ctx(root, "old"), config, DEST.stage(ctx(root, "old"), config, FRAME.lazy()))
    big = pl.LazyFrame({"id": range(2_000_000)}).with_columns(name=pl.lit("x" * 20), amount=pl.col("id") * 1.5)
    seen: list[int] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            seen.append(pl.read_csv(root / "big.csv").height)

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        receipt = DEST.stage(ctx(root, "new"), config, big)
    finally:
        done.set()
        reader.join()
    assert seen and set(seen) == {3}
    DEST.commit(ctx(root, "new"), config, receipt)
    assert pl.read_csv(root / "big.csv").height == 2_000_000


# --- partitioned ---------------------------------------------------------------------------------


def partitions(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson"])
def test_partitioned_write_and_replace(root, fmt):
    config = cfg(path="parts", format=fmt, mode="partitioned", partition_by=["region"])
    DEST.check_input(ctx(root), config, FRAME.schema)
    receipt = DEST.stage(ctx(root), config, FRAME.lazy())
    assert receipt["rows"] == 3 and receipt["bytes"] > 0 and not (root / "parts").exists()
    DEST.commit(ctx(root), config, receipt)
    assert [p.split("/")[0] for p in partitions(root / "parts")] == ["region=n", "region=s"]
    if fmt == "parquet":
        assert pl.read_parquet(root / "parts", hive_partitioning=True).height == 3
    second = DEST.stage(ctx(root, "e2"), config, FRAME.head(1).lazy())
    assert len(partitions(root / "parts")) == 2  # the published set is untouched while staging
    DEST.commit(ctx(root, "e2"), config, second)
    DEST.commit(ctx(root, "e2"), config, second)
    assert [p.split("/")[0] for p in partitions(root / "parts")] == ["region=n"]  # the whole set was replaced
    assert hidden(root) == []


def test_partitioned_commit_without_atomic_exchange(root, monkeypatch):
    monkeypatch.setattr(file_destination, "_exchange", lambda a, b: False)
    config = cfg(path="parts", mode="partitioned", partition_by=["region"])
    DEST.commit(ctx(root, "a"), config, DEST.stage(ctx(root, "a"), config, FRAME.lazy()))
    receipt = DEST.stage(ctx(root, "b"), config, FRAME.tail(1).lazy())
    DEST.commit(ctx(root, "b"), config, receipt)
    DEST.commit(ctx(root, "b"), config, receipt)
    assert pl.read_parquet(root / "parts", hive_partitioning=True)["id"].to_list() == [3]
    assert hidden(root) == []


def test_a_commit_interrupted_after_the_exchange_is_finished_not_undone(root, monkeypatch):
    config = cfg(path="parts", mode="partitioned", partition_by=["region"])
    DEST.commit(ctx(root, "a"), config, DEST.stage(ctx(root, "a"), config, FRAME.lazy()))
    receipt = DEST.stage(ctx(root, "b"), config, FRAME.tail(1).lazy())
    monkeypatch.setattr(file_destination, "_remove", lambda path: None)  # the worker dies before tidying up
    DEST.commit(ctx(root, "b"), config, receipt)
    assert Path(receipt["staging"]).exists()  # now holding the previous set
    monkeypatch.undo()
    DEST.commit(ctx(root, "b"), config, receipt)  # a retried commit must not swap the old set back
    assert pl.read_parquet(root / "parts", hive_partitioning=True)["id"].to_list() == [3]
    assert hidden(root) == []


def test_abort_of_a_partitioned_stage_leaves_nothing(root):
    config = cfg(path="parts", mode="partitioned", partition_by=["region", "name"])
    receipt = DEST.stage(ctx(root), config, FRAME.lazy())
    DEST.abort(ctx(root), config, receipt)
    DEST.abort(ctx(root), config, receipt)
    assert list(root.iterdir()) == []


def test_stage_plan_runs_in_the_callers_pass(root):
    config = cfg(path="o/r.parquet")
    sink, receipt = DEST.stage_plan(ctx(root), config, FRAME.lazy())
    assert not Path(receipt["staging"]).exists()
    pl.collect_all([sink])
    assert DEST.staged_stats(receipt) == {"rows": 3, "bytes": Path(receipt["staging"]).stat().st_size}
    DEST.commit(ctx(root), config, {**receipt, "rows": 3})
    assert pl.read_parquet(root / "o" / "r.parquet").height == 3


@pytest.mark.parametrize("compression,codec", [("zstd", "ZSTD"), ("snappy", "SNAPPY"), ("none", "UNCOMPRESSED")])
def test_parquet_compression(root, compression, codec):
    config = cfg(path="c.parquet", compression=compression)
    DEST.commit(ctx(root), config, DEST.stage(ctx(root), config, FRAME.lazy()))
    assert pq.ParquetFile(root / "c.parquet").metadata.row_group(0).column(0).compression == codec


# --- refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config,message",
    [
        ({"path": "p", "mode": "partitioned"}, "needs at least one partition column"),
        ({"path": "p", "partition_by": ["region"]}, "only used in partitioned mode"),
        ({"path": "p", "mode": "partitioned", "partition_by": ["a", "a"]}, "'a' is listed twice"),
        ({"path": "p", "compression": "lzma"}, "compression"),
        ({"path": "p", "format": "xlsx"}, "format"),
    ],
)
def test_config_errors(config, message):
    with pytest.raises(ValueError, match=message) as exc:
        DEST.parse_config(config)
    assert exc.value.errors()[0]["loc"][0] in config or exc.value.errors()[0]["loc"][0] == "partition_by"


def test_partition_columns_must_exist(root):
    config = cfg(path="p", mode="partitioned", partition_by=["region", "zone"])
    with pytest.raises(NodeError, match="No column 'zone' to partition by") as exc:
        DEST.check_input(ctx(root), config, FRAME.schema)
    assert exc.value.field == "partition_by.1" and exc.value.column == "zone"
    every = cfg(path="p", mode="partitioned", partition_by=["id"])
    with pytest.raises(NodeError, match="nothing would be left"):
        DEST.check_input(ctx(root), every, pl.Schema({"id": pl.Int64}))


def test_csv_refuses_nested_columns(root):
    schema = pl.Schema({"id": pl.Int64, "tags": pl.List(pl.String)})
    with pytest.raises(NodeError, match=r"'tags' is List\(String\)") as exc:
        DEST.check_input(ctx(root), cfg(path="x.csv", format="csv"), schema)
    assert exc.value.field == "format" and exc.value.column == "tags"
    DEST.check_input(ctx(root), cfg(path="x.parquet"), schema)


@pytest.mark.parametrize(
    "path,message",
    [
        ("../x.csv", "contains '..'"),
        ("a/../../x.csv", "contains '..'"),
        ("/tmp/x.csv", "absolute"),
        ("uploads/x.csv", "inside uploads/"),
        ("uploads", "inside uploads/"),
        (".uploads/x.part", "hidden"),
        ("out/.x.csv", "hidden"),
        (".", "not the root itself"),
    ],
)
def test_path_refusals(root, path, message):
    with pytest.raises(NodeError, match=message) as exc:
        DEST.check_input(ctx(root), cfg(path=path), FRAME.schema)
    assert exc.value.field == "path"
    with pytest.raises(NodeError, match=message):
        DEST.stage(ctx(root), cfg(path=path), FRAME.lazy())


def test_symlink_out_and_kind_conflicts(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, root / "escape")
    with pytest.raises(NodeError, match="outside the data root"):
        DEST.stage(ctx(root), cfg(path="escape/x.parquet"), FRAME.lazy())
    assert list(outside.iterdir()) == []
    (root / "adir").mkdir()
    with pytest.raises(NodeError, match="is a directory"):
        DEST.check_input(ctx(root), cfg(path="adir"), FRAME.schema)
    (root / "afile").write_text("x")
    with pytest.raises(NodeError, match="is a file"):
        DEST.check_input(ctx(root), cfg(path="afile", mode="partitioned", partition_by=["region"]), FRAME.schema)


@pytest.mark.parametrize("mode", ["overwrite", "partitioned"])
def test_discard_removes_what_an_unrecorded_attempt_staged(root, mode):
    """A worker killed between staging and recording its receipt: the run finds the staging path from the
    attempt's stage id alone and removes it; the recorded attempt is published as usual."""
    extra = {"mode": "partitioned", "partition_by": ["region"]} if mode == "partitioned" else {}
    config = cfg(path="out/r" if extra else "out/r.parquet", **extra)
    DEST.stage(ctx(root, "e1_dst_a1"), config, FRAME.lazy())
    kept = DEST.stage(ctx(root, "e1_dst_a2"), config, FRAME.lazy())
    DEST.discard(ctx(root, "e1_dst_a1"), config)
    DEST.discard(ctx(root, "e1_dst_a1"), config)  # idempotent
    DEST.discard(ctx(root, "e1_dst_a7"), config)  # never staged: nothing to do
    assert [p.name for p in (root / "out").iterdir()] == [Path(kept["staging"]).name]
    DEST.commit(ctx(root, "e1_dst_a2"), config, kept)
    assert visible(root / "out") == ["r" if extra else "r.parquet"] and hidden(root) == []
