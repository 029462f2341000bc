"""One TPC-H query per backend at SF1 and SF10: how each backend's time and memory grow with the data.

The same pipeline document (bench/tpch/qNN.yaml) runs through the real engine on every backend Sluice has
(``pipelines.sqlbackend.compiler.BACKENDS``), exactly as bench/tpch.py runs it (its functions, imported):
an inline worker with Django set up and warmed, in a process of its own per backend and scale factor, the
run started with that backend (``execution_start(backend=...)``).

- ``polars``: the steps on Polars; the big pass in the worker's plan process (executions/engine/planproc.py).
- ``sql``: the whole graph compiled to SQL, one step, run on an embedded in-memory DuckDB over the Parquet
  files (a graph of files has no database target) — DuckDB runs inside the worker process.

Printed per backend and scale factor: the run's seconds (start to finish, answer published), peak RSS in
MiB (``worker`` = ru_maxrss of the worker process, ``plan`` = its plan process's peak in the pass, ``total``
= both added for polars, the worker's alone for sql, where no pass runs in the plan process), the worker's
RSS before the run (``base``), the answer's rows, whether the answer equals DuckDB's reference SQL
(bench/tpch/qNN.sql, compared as bench/tpch.py compares), and per backend the growth factor
time(SF_last)/time(SF_first) (and the same for the total peak RSS). There is no target (issue 20): the
point is the curve.

- ``spark``: the whole graph compiled to Spark SQL, one step, run on a local standalone cluster (one master,
  two workers, a Spark Connect server: tests/spark_cluster.py) that this script starts when it benches spark
  and stops after; the child's run names a Spark connection to it (the parameter sluice_spark_connection).
  The RSS columns are the worker's (the driver side); the cluster's JVMs are printed apart (``cluster``).

Backends this bench cannot run yet are listed in ``NOT_YET`` and printed as skipped, with the reason; every
other one of ``BACKENDS`` is benched.

Knobs (environment):
- ``BENCH_QUERY`` (q03): one of bench/tpch.py's QUERIES (q01 … q18).
- ``BENCH_SFS`` (1,10): the scale factors, in order; the data is generated once per scale factor with
  tpchgen-cli under var/bench/tpch/sf<N>/ and reused (bench/tpch.py's ``generate``).
- ``BENCH_BACKENDS`` (all): a comma-separated subset of the backends.
- ``BENCH_MIN_AVAILABLE_MIB`` (1024): the run is stopped (its process killed) when the machine's available
  memory falls under this, so a backend that grows past the machine fails the bench, not the machine's
  other processes. ``SLUICE_STEP_MEMORY_LIMIT`` and every other setting pass through to the worker.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import tpch  # noqa: E402  (after the path: run as a script)

# Backends this bench does not run yet: skipped, with why. Remove a line once the bench can run it.
NOT_YET: dict[str, str] = {}
QUERY = os.environ.get("BENCH_QUERY", "q03").strip()
SFS = [x.strip() for x in os.environ.get("BENCH_SFS", "1,10").split(",") if x.strip()]
MIN_AVAILABLE = int(os.environ.get("BENCH_MIN_AVAILABLE_MIB", "1024")) * 2**20


def backends() -> list[str]:
    """Sluice's backends (read in a process of its own: the parent never imports Django)."""
    out = subprocess.run(
        [sys.executable, "-c", "from pipelines.sqlbackend.compiler import BACKENDS; print(','.join(BACKENDS))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().split(",")


def child(backend: str, query: str, sf: str) -> None:
    """One run of ``query`` on ``backend`` at scale factor ``sf``; prints one JSON line."""
    data = tpch.data_dir(sf)
    try:
        result = tpch.sluice_child(query, data, backend=backend)
    except RuntimeError as exc:  # the run failed (e.g. SLUICE_STEP_MEMORY_LIMIT): its error and the peak
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({"error": str(exc), "peak_rss": rss}))
        return
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # before the reference's own memory
    answer = result.pop("answer")
    problems = tpch.compare(answer, tpch.duckdb_answer(query, data))
    print(json.dumps({"peak_rss": rss, "rows": answer.height, "problems": problems, **result}))


def _guarded(args: list[str]) -> tuple[subprocess.CompletedProcess | None, str]:
    """Run the child; kill it (by its pid) if the machine's available memory falls under MIN_AVAILABLE."""
    import psutil

    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stopped: list[str] = []
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.2):
            available = psutil.virtual_memory().available
            if available < MIN_AVAILABLE:
                stopped.append(f"stopped: the machine's available memory fell to {available / 2**20:.0f} MiB")
                proc.kill()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        stdout, stderr = proc.communicate(timeout=3600)
    finally:
        done.set()
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr), (stopped[0] if stopped else "")


def measure(names: list[str]) -> dict[tuple[str, str], dict]:
    results: dict[tuple[str, str], dict] = {}
    for sf in SFS:
        tpch.prepare(sf)
        for backend in names:
            proc, stopped = _guarded([sys.executable, __file__, "--child", backend, QUERY, sf])
            lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
            if stopped or proc.returncode != 0 or not lines:
                why = stopped or proc.stderr.strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
                results[(backend, sf)] = {"error": why if isinstance(why, str) else why[0]}
                print(f"  {backend} SF{sf} failed: {results[(backend, sf)]['error']}", flush=True)
                continue
            results[(backend, sf)] = lines[-1]
            print(f"  {backend} SF{sf}: done", flush=True)
    return results


def total_rss(backend: str, run: dict) -> float:
    """Worker + plan process (the plan's only when a pass ran there), in MiB."""
    return (run["peak_rss"] + (run.get("plan_rss") or 0)) / 2**20


def report(names: list[str], results: dict[tuple[str, str], dict]) -> bool:
    print(f"backends: TPC-H {QUERY}, SF {', '.join(SFS)}; seconds = the run; RSS in MiB")
    print("  base = the worker before the run, worker = its peak, plan = its plan process's peak in the pass,")
    print("  total = worker + plan (sql: the worker's; DuckDB runs in it)")
    print(f"  {'backend':<8}{'SF':>4}{'seconds':>9}{'base':>7}{'worker':>8}{'plan':>7}{'total':>8}{'rows':>7}  answer")
    correct = True
    for backend in names:
        for sf in SFS:
            run = results.get((backend, sf), {"error": "not run"})
            if "rows" not in run:
                correct = False
                peak = f" (worker peak {run['peak_rss'] / 2**20:.0f} MiB)" if "peak_rss" in run else ""
                print(f"  {backend:<8}{sf:>4}  failed: {run['error']}{peak}")
                continue
            plan = run.get("plan_rss")
            plan_text = f"{plan / 2**20:7.0f}" if plan is not None else f"{'-':>7}"
            ok = not run["problems"]
            correct = correct and ok
            print(
                f"  {backend:<8}{sf:>4}{run['inner_seconds']:9.2f}{run['worker_base_rss'] / 2**20:7.0f}"
                f"{run['peak_rss'] / 2**20:8.0f}{plan_text}{total_rss(backend, run):8.0f}{run['rows']:7d}  "
                f"{'equals DuckDB' if ok else 'WRONG: ' + '; '.join(run['problems'][:2])}"
            )
    first, last = SFS[0], SFS[-1]
    if first != last:
        print(f"  growth SF{first} -> SF{last} (x{float(last) / float(first):g} the data):")
        for backend in names:
            a, b = results.get((backend, first), {}), results.get((backend, last), {})
            if "rows" in a and "rows" in b:
                print(
                    f"    {backend:<8} time x{b['inner_seconds'] / a['inner_seconds']:.2f}, "
                    f"peak RSS (total) x{total_rss(backend, b) / total_rss(backend, a):.2f}"
                )
            else:
                print(f"    {backend:<8} incomplete (a run failed)")
    for name, why in NOT_YET.items():
        print(f"  {name}: skipped, {why}")
    print(f"  every answer equals DuckDB's: {correct}")
    return correct


def main() -> None:
    if QUERY not in tpch.QUERIES:
        raise SystemExit(f"BENCH_QUERY: unknown {QUERY!r}; known: {', '.join(tpch.QUERIES)}")
    known = [b for b in backends() if b not in NOT_YET]
    wanted = [x.strip() for x in os.environ.get("BENCH_BACKENDS", "").split(",") if x.strip()] or known
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        raise SystemExit(f"BENCH_BACKENDS: unknown {unknown}; known: {', '.join(known)}")
    if not SFS or not all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", sf) for sf in SFS):
        raise SystemExit(f"BENCH_SFS: scale factors such as 1,10 (got {os.environ.get('BENCH_SFS')!r})")
    started = time.perf_counter()
    if "spark" in wanted:
        import secrets
        import tempfile

        from tests.spark_cluster import SparkCluster

        token = secrets.token_hex(16)
        with (
            tempfile.TemporaryDirectory(prefix="bench-spark-") as tmp,
            SparkCluster.started(root=Path(tmp), token=token) as cluster,
        ):
            os.environ.update({"BENCH_SPARK_URL": cluster.connect_url, "BENCH_SPARK_TOKEN": token})
            results = measure(wanted)
            print(f"  cluster: {sum(cluster.rss_bytes().values()) / 2**20:.0f} MiB resident after the runs (JVMs)")
    else:
        results = measure(wanted)
    ok = report(wanted, results)
    print(f"  (bench wall time {time.perf_counter() - started:.0f} s)")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        main()
