"""Engine throughput: a generated 10,000,000-row CSV → filter → derive → sort → Parquet pipeline run
through Sluice's step service, side by side in one run with (a) the same job as one fused Polars lazy
query, (b) DuckDB and (c) pandas. Each contender runs in its own process; we print seconds and peak
RSS (ru_maxrss of that process) and the ratios. Sluice's peak RSS is its worker's plus its plan process's
(SLUICE_PLAN_PROCESS=child, a worker's default: the step's big Polars pass runs in a lean child process,
docs/executions.md "The plan process"), the two peaks added: an upper bound of what both held at once;
the two are printed apart too.

Targets (issue 5): Sluice within 1.3x of fused Polars in time, peak RSS no higher than fused Polars,
at least 2.5x faster than pandas. BENCH_ROWS overrides the row count, BENCH_ROUNDS (3) the number of
interleaved rounds whose medians are compared.

Bigger than memory (issue 19): ``BENCH_ROWS=100000000`` (about 4.6 GB of CSV), or ``BENCH_MODE=stream`` at
any row count, runs the streamable job CSV → filter → derive → Parquet (no sort: a sort holds its whole
input, and validation says so) through Sluice, DuckDB and fused Polars, with the CSV generated once by DuckDB's
COPY of a generated series and cached under var/bench-engine/. Targets: Sluice's peak RSS under 4 GiB and
its time within 1.3x of DuckDB's. Rounds default to 1 in this mode.
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "bench-engine"
ROWS = int(os.environ.get("BENCH_ROWS", "10000000"))
STREAM = os.environ.get("BENCH_MODE", "stream" if ROWS >= 100_000_000 else "") == "stream"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1" if STREAM else "3"))
CSV = WORK / (f"input-{ROWS}-stream.csv" if STREAM else f"input-{ROWS}.csv")
STREAM_RSS_TARGET = 4 * 2**30
CONDITION = "amount > 10 AND category <> 'c'"
DERIVED = "amount * quantity"


def generate() -> None:
    import polars as pl

    if CSV.exists():
        return
    if STREAM:
        generate_with_duckdb()
        return
    WORK.mkdir(parents=True, exist_ok=True)
    i = pl.int_range(ROWS, dtype=pl.Int64)
    frame = pl.select(
        id=i,
        category=pl.concat_str(pl.lit("c"), (i * 7 % 13).cast(pl.String)).str.slice(0, 2),
        amount=((i * 7919) % 100_000).cast(pl.Float64) / 100.0,
        quantity=(i * 31 % 17 + 1).cast(pl.Int64),
        label=pl.concat_str(pl.lit("item-"), (i % 1000).cast(pl.String)),
    )
    frame.write_csv(CSV)


def generate_with_duckdb() -> None:
    """The same rows as ``generate`` (same columns and values), written by DuckDB from a generated series:
    streaming, a minute or two for 100M rows, and never the whole table in memory."""
    import duckdb

    WORK.mkdir(parents=True, exist_ok=True)
    partial = CSV.with_suffix(".partial")
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(
        "COPY (SELECT i AS id, substr('c' || CAST(i * 7 % 13 AS VARCHAR), 1, 2) AS category, "
        "CAST((i * 7919) % 100000 AS DOUBLE) / 100.0 AS amount, i * 31 % 17 + 1 AS quantity, "
        f"'item-' || CAST(i % 1000 AS VARCHAR) AS label FROM range({ROWS}) t(i)) TO '{partial}' (HEADER, FORMAT csv)"
    )
    partial.rename(CSV)


def run_polars(out: Path) -> None:
    import polars as pl

    frame = (
        pl.scan_csv(CSV)
        .filter((pl.col("amount") > 10) & (pl.col("category") != "c"))
        .with_columns((pl.col("amount") * pl.col("quantity")).alias("total"))
    )
    (frame if STREAM else frame.sort("total", descending=True)).sink_parquet(out)


def run_duckdb(out: Path) -> None:
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    order = "" if STREAM else " ORDER BY total DESC"
    con.execute(
        f"COPY (SELECT *, amount * quantity AS total FROM read_csv_auto('{CSV}') "
        f"WHERE {CONDITION}{order}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)"
    )


def run_pandas(out: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(CSV, engine="pyarrow")
    frame = frame[(frame["amount"] > 10) & (frame["category"] != "c")]
    frame = frame.assign(total=frame["amount"] * frame["quantity"])
    frame.sort_values("total", ascending=False).to_parquet(out, index=False)


def run_sluice(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from bench._harness import setup_django

    setup_django(executor="inline", extra_env={"DATA_ROOT": str(WORK), "ARTIFACTS_DIR": str(WORK / "artifacts")})
    import uuid

    from django.contrib.auth import get_user_model

    from executions import executors
    from executions.models import Execution
    from executions.services import execution_start
    from pipelines import services
    from pipelines.graph import parse_graph_document

    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    nodes = [
        {"key": "read", "type": "source.file", "config": {"path": CSV.name, "format": "csv"}},
        {"key": "keep", "type": "transform.filter", "config": {"condition": CONDITION}},
        {"key": "derive", "type": "transform.map", "config": {"derive": [{"name": "total", "expr": DERIVED}]}},
        {"key": "order", "type": "transform.sort", "config": {"keys": [{"column": "total", "descending": True}]}},
        {
            "key": "write",
            "type": "destination.file",
            "config": {"path": out.name, "format": "parquet", "mode": "overwrite"},
        },
    ]
    if STREAM:  # no sort: the job streams from the CSV to the Parquet file
        nodes = [n for n in nodes if n["key"] != "order"]
    keys = [n["key"] for n in nodes]
    graph = {"nodes": nodes, "edges": [{"source": a, "target": b} for a, b in itertools.pairwise(keys)]}
    slug = f"bench-engine-{uuid.uuid4().hex[:8]}"
    pipeline = services.pipeline_create(user=user, name=slug, slug=slug, graph=parse_graph_document(graph))
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    started = time.perf_counter()
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    if execution.status != Execution.Status.SUCCEEDED:
        raise SystemExit(f"sluice run failed: {execution.error}")
    seconds = time.perf_counter() - started
    from executions.engine import planproc

    plan = planproc.stats["peak_rss"] if planproc.stats["passes"] else 0
    print(json.dumps({"inner_seconds": seconds, "plan_rss": plan}))


CONTENDERS = {"polars (fused)": run_polars, "duckdb": run_duckdb, "pandas": run_pandas, "sluice": run_sluice}
if STREAM:  # pandas reads the whole file into memory
    CONTENDERS = {"polars (fused)": run_polars, "duckdb": run_duckdb, "sluice": run_sluice}


def child(name: str) -> None:
    out = WORK / f"out-{'stream-' if STREAM else ''}{name.split()[0]}.parquet"
    started = time.perf_counter()
    CONTENDERS[name](out)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    import polars as pl

    rows = pl.scan_parquet(out).select(pl.len()).collect().item()
    print(json.dumps({"name": name, "seconds": seconds, "peak_rss": rss, "rows": rows}))


def main() -> None:
    generate()
    runs: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
    for _ in range(ROUNDS):  # interleaved, so a slow spell of the machine hits every contender
        for name in CONTENDERS:
            proc = subprocess.run(
                [sys.executable, __file__, "--child", name], capture_output=True, text=True, cwd=ROOT, timeout=1800
            )
            lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
            if proc.returncode != 0 or not lines:
                print(f"{name} failed:\n{proc.stderr[-3000:]}")
                continue
            merged = {k: v for d in lines for k, v in d.items()}
            if "plan_rss" in merged:  # Sluice: its worker's peak and its plan process's, added
                merged["worker_rss"] = merged["peak_rss"]
                merged["peak_rss"] += merged["plan_rss"]
            runs[name].append(merged)
    # Medians: one query's peak RSS moves by ±10% from run to run (thread timing in the sort).
    results = {
        name: {key: statistics.median(r[key] for r in rs) for key in rs[0] if key != "name"}
        for name, rs in runs.items()
        if rs
    }
    job = "CSV → filter → derive → Parquet (streaming)" if STREAM else "CSV → filter → derive → sort → Parquet"
    print(f"engine: {ROWS:,} rows ({CSV.stat().st_size / 1e9:.2f} GB of CSV), {job}, median of {ROUNDS} rounds")
    for name, r in results.items():
        inner = f" (run {r['inner_seconds']:.2f}s)" if "inner_seconds" in r else ""
        parts = ""
        if "plan_rss" in r:
            parts = f" (worker {r['worker_rss'] / 2**30:.2f} + plan process {r['plan_rss'] / 2**30:.2f})"
        print(
            f"  {name:<15} {r['seconds']:7.2f}s{inner}  peak RSS {r['peak_rss'] / 2**30:5.2f} GiB{parts}  "
            f"rows {int(r['rows']):,}"
        )
    if STREAM:
        stream_summary(results)
        return
    base = results.get("polars (fused)")
    if base and "sluice" in results:
        s = results["sluice"]
        run_seconds = s.get("inner_seconds", s["seconds"])
        print(
            f"  sluice / fused polars: time {run_seconds / base['seconds']:.2f}x (target <= 1.3x), "
            f"peak RSS {s['peak_rss'] / base['peak_rss']:.2f}x (target <= 1.0x)"
        )
        if "pandas" in results:
            print(f"  pandas / sluice: {results['pandas']['seconds'] / run_seconds:.2f}x faster (target >= 2.5x)")
        rows = {r["rows"] for r in results.values()}
        print(f"  same row count everywhere: {len(rows) == 1}")


def stream_summary(results: dict[str, dict]) -> None:
    duck, s = results.get("duckdb"), results.get("sluice")
    if not duck or not s:
        return
    run_seconds = s.get("inner_seconds", s["seconds"])
    print(
        f"  sluice / duckdb: time {run_seconds / duck['seconds']:.2f}x (target <= 1.3x), "
        f"peak RSS {s['peak_rss'] / duck['peak_rss']:.2f}x; sluice peak RSS {s['peak_rss'] / 2**30:.2f} GiB "
        f"(target < {STREAM_RSS_TARGET / 2**30:.0f} GiB: {'met' if s['peak_rss'] < STREAM_RSS_TARGET else 'missed'})"
    )
    polars = results.get("polars (fused)")
    if polars:
        print(f"  sluice / fused polars: time {run_seconds / polars['seconds']:.2f}x")
    print(f"  same row count everywhere: {len({r['rows'] for r in results.values()}) == 1}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
