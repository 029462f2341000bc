"""File I/O on the spark backend against the real local cluster (the session's ``spark_cluster``): Parquet and
CSV destinations written by the cluster itself (one file, or ``col=value/`` directories), staged beside the
target and published by the destination's own commit, equal to what the Polars destination writes; a
cancelled run leaves no staging and the previous output; CSV sources read with Polars' inferred types and the
source's options, equal to Polars' rows, and what Spark cannot read alike refused by name; Spark's job
progress as log lines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.nodes.destinations.file import FileDestinationConfig
from pipelines.nodes.sources.file.config import FileSourceConfig
from pipelines.sqlbackend.compiler import GraphDoesNotCompile, compile_graph
from pipelines.sqlbackend.runner import SqlRunCancelled
from pipelines.sqlbackend.spark import ProgressLog, SparkRun
from tests.e2e import test_spark_runner
from tests.e2e.test_spark_runner import graph, hidden, publish

registry.load_builtin()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("spark")]
spark_connection = test_spark_runner.spark_connection  # the fixtures: a connection to the cluster, its context
context = test_spark_runner.context

ROWS = pl.DataFrame(
    {
        "id": [1, 2, 3, 4, 5, 6, 7, 8],
        "region": ["north", "south", None, "north", "a/b", "south", "north", "a/b"],
        "amount": [0.1, 1e20, None, -2.5, 3.0, 0.0, 7.25, 1.5],
        "name": ["", None, 'a,"b', " sp ", "multi\nline", "plain", "x", "y"],
        "at": [dt.datetime(2024, 1, 2, 3, 4, 5, 6), None, *[dt.datetime(2025, 6, 1, 12, 0)] * 6],
        "day": [dt.date(2024, 2, 29), *[dt.date(2025, 1, 1)] * 6, None],
        "flag": [True, False, None, True, True, False, False, True],
    }
)
CHECKS = [{"type": "row_count", "min": 1}, {"type": "null_rate", "column": "name", "max": 0.5}]
DESTINATIONS = {
    "one_parquet": {"path": "{d}/one.parquet", "checks": CHECKS},
    "one_csv": {"path": "{d}/one.csv", "format": "csv"},
    "parts_parquet": {"path": "{d}/parts_parquet", "mode": "partitioned", "partition_by": ["region"]},
    "parts_csv": {"path": "{d}/parts_csv", "format": "csv", "mode": "partitioned", "partition_by": ["region"]},
}


def polars_writes(root: Path, frame: pl.DataFrame) -> None:
    """What the Polars destination writes for each of DESTINATIONS (its own stage and commit), under f1_polars/."""
    node_type = registry.get("destination.file")
    for key, config in DESTINATIONS.items():
        cfg = FileDestinationConfig(**{**config, "path": config["path"].format(d="f1_polars")})
        ctx = BuildContext(node_key=key, mode="run", data_root=root, stage_id=f"polars-{key}")
        node_type.commit(ctx, cfg, node_type.stage(ctx, cfg, frame.lazy()))


def files_below(directory: Path) -> dict[str, Path]:
    return {str(p.relative_to(directory)): p for p in sorted(directory.rglob("*")) if p.is_file()}


def read(path: Path) -> pl.DataFrame:
    if path.suffix == ".csv":
        return pl.read_csv(path, infer_schema_length=None)
    return pl.read_parquet(path)


def test_the_cluster_writes_parquet_and_csv_as_the_polars_destination(settings, context):
    root = settings.DATA_ROOT
    ROWS.write_parquet(root / "rows.parquet")
    (root / "f1").mkdir()
    (root / "f1" / "one.parquet").write_bytes(b"the previous output")
    nodes = [
        ("src", "source.file", {"path": "rows.parquet"}),
        ("sorted", "transform.sort", {"keys": [{"column": "id", "descending": True}]}),
    ]
    nodes += [(k, "destination.file", {**c, "path": c["path"].format(d="f1")}) for k, c in DESTINATIONS.items()]
    g = graph(nodes, [("src", "sorted"), *(("sorted", k) for k in DESTINATIONS)])
    compiled = compile_graph(g, context=context)
    lines: list[str] = []
    done = SparkRun(compiled, context=context, stage_id="exec-f1-a1", log=lines.append).run()
    assert {k: done[k].receipt["rows"] for k in DESTINATIONS} == dict.fromkeys(DESTINATIONS, 8)  # Spark's counts
    assert done["sorted"].rows == {"out": 8}
    checked = {c["name"]: (c["status"], c["value"]) for c in done["one_parquet"].report["checks"]}
    assert checked == {"row_count": ("passed", 8.0), "null_rate(name)": ("passed", 0.125)}, checked
    assert (root / "f1" / "one.parquet").read_bytes() == b"the previous output"  # staged, not published
    assert sorted(hidden(root / "f1")) == [
        ".one.csv.sluice-stage-exec-f1-a1-one_csv",
        ".one.parquet.sluice-stage-exec-f1-a1-one_parquet",
        ".parts_csv.sluice-stage-exec-f1-a1-parts_csv",
        ".parts_parquet.sluice-stage-exec-f1-a1-parts_parquet",
    ]  # the cluster's own directories (.sluice-spark-…) arranged into the stagings, no _SUCCESS or .crc
    assert any("wrote 8 rows as CSV" in line for line in lines)
    assert not any("read back" in line or "toArrow" in line for line in lines)
    publish(compiled, done)
    assert hidden(root / "f1") == []

    polars_writes(root, ROWS.sort("id", descending=True))
    for key, config in DESTINATIONS.items():
        spark_out, polars_out = root / config["path"].format(d="f1"), root / config["path"].format(d="f1_polars")
        if config.get("mode") != "partitioned":
            assert spark_out.is_file(), key
            assert read(spark_out).equals(read(polars_out)), key
            assert read(spark_out).schema == read(polars_out).schema, key
            continue
        # The same directories and files (region=a%2Fb/00000000.parquet, region=__HIVE_DEFAULT_PARTITION__/…),
        # each holding the same rows in the same order, the partition column kept in the file as Polars keeps it.
        spark_files, polars_files = files_below(spark_out), files_below(polars_out)
        assert sorted(spark_files) == sorted(polars_files), key
        for name, path in spark_files.items():
            got, want = read(path), read(polars_files[name])
            assert got.equals(want) and got.schema == want.schema, (key, name)


def test_a_cancel_a_blocking_check_or_a_failed_rule_leave_no_staging_and_the_previous_output(settings, context):
    root = settings.DATA_ROOT
    ROWS.write_parquet(root / "rows.parquet")
    (root / "f2").mkdir(exist_ok=True)
    (root / "f2" / "a.parquet").write_bytes(b"previous a")
    a = ("a", "destination.file", {"path": "f2/a.parquet"})
    b = ("b", "destination.file", {"path": "f2/b", "mode": "partitioned", "partition_by": ["region"]})
    src = ("src", "source.file", {"path": "rows.parquet"})
    compiled = compile_graph(graph([src, a, b], [("src", "a"), ("src", "b")]), context=context)
    seen: list[list[str]] = []

    def log(line: str) -> None:
        if "wrote" in line and ".b.sluice-spark-" in line:  # both written: cancelled before the commit phase
            seen.append(sorted(p.name for p in (root / "f2").iterdir() if p.name.startswith(".")))
            run.cancel()

    run = SparkRun(compiled, context=context, stage_id="exec-f2-a1", log=log)
    with pytest.raises(SqlRunCancelled):
        run.run()
    assert seen == [
        [".a.parquet.sluice-stage-exec-f2-a1-a", ".b.sluice-spark-exec-f2-a1-b", ".b.sluice-stage-exec-f2-a1-b"]
    ]
    assert hidden(root / "f2") == []
    assert sorted(p.name for p in (root / "f2").iterdir()) == ["a.parquet"]
    assert (root / "f2" / "a.parquet").read_bytes() == b"previous a"

    # A blocking check of the destination fails the run before the cluster writes anything.
    blocked = ("b", "destination.file", {**b[2], "checks": [{"type": "row_count", "max": 3}]})
    compiled = compile_graph(graph([src, a, blocked], [("src", "a"), ("src", "b")]), context=context)
    with pytest.raises(NodeError) as caught:
        SparkRun(compiled, context=context, stage_id="exec-f2-a2").run()
    assert caught.value.code == "check_blocked", caught.value
    assert hidden(root / "f2") == [] and sorted(p.name for p in (root / "f2").iterdir()) == ["a.parquet"]

    # A failing quality rule fails the run before anything is staged.
    rule = ("q", "quality.validate", {"rules": [{"type": "not_null", "columns": ["region"]}]})
    compiled = compile_graph(graph([src, rule, a], [("src", "q"), ("q", "a")]), context=context)
    with pytest.raises(NodeError) as caught:
        SparkRun(compiled, context=context, stage_id="exec-f2-a3").run()
    assert caught.value.code == "quality_failed", caught.value
    assert hidden(root / "f2") == [] and (root / "f2" / "a.parquet").read_bytes() == b"previous a"

    # A hostile partition column name never becomes a directory name: refused by name at the compile.
    pl.DataFrame({"../up": ["x"], "v": [1]}).write_parquet(root / "hostile.parquet")
    bad = {"path": "f2/h", "mode": "partitioned", "partition_by": ["../up"]}
    hostile = graph(
        [("src", "source.file", {"path": "hostile.parquet"}), ("h", "destination.file", bad)], [("src", "h")]
    )
    with pytest.raises(GraphDoesNotCompile, match=r"partition column '\.\./up'") as caught:
        compile_graph(hostile, context=context)
    assert caught.value.problems[0].node == "h"
    # So is a check the cluster's SQL cannot measure as Polars does, at the compile, not after the run's work.
    dated = ("a", "destination.file", {"path": "f2/a.parquet", "checks": [{"type": "max", "column": "day", "min": 0}]})
    with pytest.raises(GraphDoesNotCompile, match="date or timestamp has no SQL form on Spark") as caught:
        compile_graph(graph([src, dated], [("src", "a")]), context=context)
    assert (caught.value.problems[0].node, caught.value.problems[0].field) == ("a", "checks.0")


CSV_TEXT = (
    'id;name;score;ok;note\n1;"";1.5;true;NA\n2;;NA;false;"say ""hi"""\n3; sp ;-2;TRUE;"two\nlines"\r\n'
    '4;NA;1e3;false;\n5;"a;b";0.25;;plain\n'
)
CSV_OPTIONS = {"delimiter": ";", "null_values": ["NA"]}


def test_csv_sources_on_spark_equal_polars_and_what_differs_is_refused(settings, context):
    root = settings.DATA_ROOT
    (root / "in").mkdir(exist_ok=True)
    (root / "in" / "a.csv").write_text(CSV_TEXT)
    (root / "in" / "b.csv").write_text("id;name;score;ok;note\n6;last;2;true;z\n")
    source = {"path": "in/*.csv", **CSV_OPTIONS}
    g = graph(
        [("src", "source.file", source), ("out", "destination.file", {"path": "f3/csv.parquet"})], [("src", "out")]
    )
    compiled = compile_graph(g, context=context)
    lines: list[str] = []
    done = SparkRun(compiled, context=context, stage_id="exec-f3-a1", log=lines.append).run()
    assert done["src"].rows == {"out": 6}
    assert any("read 2 CSV file(s)" in line for line in lines)
    publish(compiled, done)
    got = pl.read_parquet(root / "f3" / "csv.parquet")
    node_type = registry.get("source.file")
    ctx = BuildContext(node_key="src", mode="run", data_root=root)
    want = node_type.build(ctx, FileSourceConfig(**source), {})["out"].collect()
    assert got.schema == want.schema
    assert got.equals(want), (got, want)
    assert got["name"].to_list()[:4] == ["", None, " sp ", None]  # "" is text, an empty field and NA null

    # What Spark's reader cannot read as Polars does is refused, with the node, the field and the reason.
    (root / "in_plain").mkdir(exist_ok=True)
    (root / "in_plain" / "p.csv").write_text("x;y\n1;2\n3;4\n")
    source = {"path": "in_plain/p.csv", **CSV_OPTIONS}
    for extra, field, reason in (
        ({"skip_rows": 1}, "skip_rows", "cannot skip lines"),
        ({"encoding": "latin-1"}, "encoding", "latin-1 text is decoded by Polars only"),
        ({"schema_overrides": {"y": "float32"}}, "schema_overrides", "schema_overrides"),
    ):
        refused = graph([("src", "source.file", {**source, **extra})], [])
        with pytest.raises(GraphDoesNotCompile, match=reason) as caught:
            compile_graph(refused, context=context)
        problem = caught.value.problems[0]
        assert (problem.node, problem.field) == ("src", field)


def test_progress_lines_are_throttled_per_operation_and_end_with_the_last():
    lines: list[str] = []
    progress = ProgressLog(lines.append, every=3600)
    stage = SimpleNamespace(num_tasks=4, num_completed_tasks=1, num_bytes_read=2048, done=False)
    for _ in range(5):
        progress(stages=[stage], inflight_tasks=2, operation_id="op-one-abcdef", done=False)
    progress.what = "CACHE TABLE `t` AS SELECT …"
    progress(stages=[stage], inflight_tasks=1, operation_id="op-two-abcdef", done=False)
    finished = SimpleNamespace(num_tasks=4, num_completed_tasks=4, num_bytes_read=4096, done=True)
    progress(stages=[finished], inflight_tasks=0, operation_id="op-one-abcdef", done=True)
    progress(stages=[], inflight_tasks=0, operation_id="op-three", done=True)  # a command: no job, no line
    assert lines == [
        "spark: progress op-one-a: stages 0/1, tasks 1/4 (2 running), 2.0 KiB read",
        "spark: progress op-two-a (CACHE TABLE `t` AS SELECT …): stages 0/1, tasks 1/4 (1 running), 2.0 KiB read",
        "spark: progress op-one-a done (CACHE TABLE `t` AS SELECT …): stages 1/1, tasks 4/4, 4.0 KiB read",
    ]


def test_the_clusters_output_is_arranged_as_polars_stages_it_and_removed_on_any_error(settings):
    """``stage_by_cluster`` over what a Spark writer leaves (part files, _SUCCESS, .crc checksums, the partition
    copies' directories), without the cluster: the staging Polars' ``stage`` makes, or nothing left at all."""
    root = settings.DATA_ROOT
    node_type = registry.get("destination.file")
    ctx = BuildContext(node_key="out", mode="run", data_root=root, stage_id="exec-f5-a1")

    def spark_like(parts: dict[str, str]):
        def write(path: str) -> int:
            for name, text in {**parts, "_SUCCESS": "", "._SUCCESS.crc": "x"}.items():
                (Path(path) / name).parent.mkdir(parents=True, exist_ok=True)
                (Path(path) / name).write_text(text)
            return 3

        return write

    config = FileDestinationConfig(path="f5/parts", format="csv", mode="partitioned", partition_by=["region"])
    written = {
        "__sluice_part_0=north/part-00001-x.c000.csv": "second",
        "__sluice_part_0=north/part-00000-x.c000.csv": "first",
        "__sluice_part_0=north/.part-00000-x.c000.csv.crc": "crc",
        "__sluice_part_0=a%2Fb/part-00000-y.c000.csv": "ab",
    }
    receipt = node_type.stage_by_cluster(ctx, config, spark_like(written))
    staging = Path(receipt["staging"])
    assert receipt["rows"] == 3 and receipt["partitioned"] and receipt["bytes"] == len("secondfirstab")
    assert {str(p.relative_to(staging)): p.read_text() for p in staging.rglob("*") if p.is_file()} == {
        "region=north/00000000.csv": "first",
        "region=north/00000001.csv": "second",
        "region=a%2Fb/00000000.csv": "ab",
    }
    node_type.commit(ctx, config, receipt)
    assert sorted(p.name for p in (root / "f5").iterdir()) == ["parts"]

    # An unexpected directory, or an overwrite that is not one file: an error, and nothing left behind.
    for bad, parts in (
        (config, {"elsewhere=x/part-0.csv": "?"}),
        (FileDestinationConfig(path="f5/one.csv", format="csv"), {"part-0.csv": "a", "part-1.csv": "b"}),
    ):
        with pytest.raises(NodeError, match=r"unexpected directory|expected one"):
            node_type.stage_by_cluster(ctx, bad, spark_like(parts))
        assert sorted(p.name for p in (root / "f5").iterdir()) == ["parts"]

    # A killed attempt's leftovers: discard removes the cluster's directory too.
    leftover = root / "f5" / ".one.csv.sluice-spark-exec-f5-a1"
    (leftover / "_temporary").mkdir(parents=True)
    node_type.discard(ctx, FileDestinationConfig(path="f5/one.csv", format="csv"))
    assert not leftover.exists()
