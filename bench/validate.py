"""The validation round trip at 2,000 nodes, server side (issue 18: "validation round trip under 300 ms,
server side, from the interactive pool"). Printed, not asserted.

A real daphne with its interactive pool (``SLUICE_INTERACTIVE_POOL=process``) on a bench database of its
own. Each round posts, over HTTP with a bearer token, to ``POST /api/pipelines/<id>/validate/``:

- ``chains``: the builder bench's graph (bench/builder.py: 100 chains of 20 nodes, 2,000 nodes, 1,900 edges:
  a CSV source, filters, maps, sorts, limits, a Parquet destination);
- ``dense``: 2,000 nodes and 8,000 edges (100 CSV sources, then 18 layers of 100 nodes in which unions
  of 7-8 upstream nodes alternate with filters/maps/sorts/limits, then 100 destinations);
- the peers of the same run: a 20-node graph (one chain of bench/builder.py's) to the same endpoint, and a
  bare authenticated GET (``/api/me/preferences/``: routing, authentication, one query).

The four are interleaved request by request, so a busy machine weighs on all of them alike. p50 and p95
of BENCH_REQUESTS (30) each after warm-up, from sending the request to the last byte of the answer (the
client's JSON decoding is left out). Target: p95 of the 2,000-node graphs under 300 ms.

Also printed: the server's CPU time per request (mean), daphne's and its children's (the interactive pool)
together, from /proc before and after each request (clock ticks of 10 ms: a mean over 30 requests is good to
a few ms). Unlike the wall times, it hardly moves when other work shares the machine: compare code with it.

Run: ``.venv/bin/python bench/validate.py`` (BENCH_RUNS=3 repeats the whole measurement in the same server).
BENCH_PROFILE=1 prints a cProfile of ``validate_graph`` on the dense graph in this process instead.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("SLUICE_BENCH_DB", "sluice_bench_validate")

from bench._harness import ROOT, setup_django
from bench.builder import CHAIN, TRANSFORMS, graph_2000
from bench.builder import seed as builder_seed

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
RUNS = int(os.environ.get("BENCH_RUNS", "1"))
PORT = int(os.environ.get("BENCH_PORT", "8767"))
LAYERS, WIDTH, MAX_EDGES = 18, 100, 8000


def graph_dense() -> dict:
    """2,000 nodes, 8,000 edges: sources, 18 layers (unions of 7-8 nodes of the layer above, alternating
    with one-input transforms), destinations; every node leads to a destination."""
    nodes, edges = [], []
    above = []
    for j in range(WIDTH):
        key = f"s{j}"
        nodes.append({"key": key, "type": "source.file", "config": {"path": "bench_builder/input.csv"}})
        above.append(key)
    # Edges left for the union layers once every one-input node and destination has its one.
    union_layers = LAYERS // 2
    budget = MAX_EDGES - (LAYERS - union_layers) * WIDTH - WIDTH
    for layer in range(LAYERS):
        here = []
        for j in range(WIDTH):
            key = f"l{layer}_{j}"
            if layer % 2 == 0:  # a union of fan-in nodes of the layer above (every one of them used)
                fan_in = budget // (union_layers * WIDTH) + (j < (budget // union_layers) % WIDTH)
                sources = [above[(j + k * 13) % WIDTH] for k in range(fan_in)]
                nodes.append({"key": key, "type": "transform.union", "config": {"mode": "by_name"}})
                edges += [{"source": s, "target": key} for s in dict.fromkeys(sources)]
            else:
                node_type, config = TRANSFORMS[(layer + j) % len(TRANSFORMS)]
                nodes.append({"key": key, "type": node_type, "config": config})
                edges.append({"source": above[j], "target": key})
            here.append(key)
        above = here
    for j in range(WIDTH):
        key = f"d{j}"
        nodes.append({"key": key, "type": "destination.file", "config": {"path": f"bench_builder/out/d{j}.parquet"}})
        edges.append({"source": above[j], "target": key})
    for i, node in enumerate(nodes):
        node["position"] = {"x": 260 * (i // WIDTH), "y": 110 * (i % WIDTH)}
    return {"nodes": nodes, "edges": edges}


def graph_20() -> dict:
    graph = graph_2000()
    return {"nodes": graph["nodes"][:CHAIN], "edges": graph["edges"][: CHAIN - 1]}


def seed(data_root: Path):
    return builder_seed(data_root, username="bench-validate", name="Validate bench", graph=graph_20())


def pct(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def _tree_cpu_ms(pid: int) -> float:
    """User and system CPU time of ``pid`` and its descendants so far, in ms (Linux /proc; 0 elsewhere)."""
    total, todo, seen = 0, [pid], set()
    while todo:
        one = todo.pop()
        if one in seen:
            continue
        seen.add(one)
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
            for task in Path(f"/proc/{one}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total * 1000 / os.sysconf("SC_CLK_TCK")


def measure(base: str, token: str, pipeline_id: int, server_pid: int = 0) -> tuple[dict, dict]:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    url = f"{base}/api/pipelines/{pipeline_id}/validate/"
    bodies = {
        "validate 2,000 nodes (chains, 1,900 edges)": json.dumps({"graph": graph_2000()}).encode(),
        "validate 2,000 nodes (dense, 8,000 edges)": json.dumps({"graph": graph_dense()}).encode(),
        "peer: validate 20 nodes": json.dumps({"graph": graph_20()}).encode(),
    }
    times: dict[str, list[float]] = {name: [] for name in [*bodies, "peer: authenticated GET /api/me/preferences/"]}
    cpu: dict[str, list[float]] = {name: [] for name in times}
    answers = {}
    for i in range(REQUESTS + 3):
        for name in times:
            body = bodies.get(name)
            request = urllib.request.Request(
                f"{base}/api/me/preferences/" if body is None else url, data=body, headers=headers
            )
            cpu_before = _tree_cpu_ms(server_pid) if server_pid else 0.0
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=120) as response:
                raw = response.read()
            if i >= 3:  # warm-up: each child of the pool imports the node types once
                times[name].append((time.perf_counter() - started) * 1000)
                cpu[name].append((_tree_cpu_ms(server_pid) if server_pid else 0.0) - cpu_before)
            answers[name] = json.loads(raw)  # the client's decoding is not the server's time
    for name, answer in answers.items():
        if "valid" in answer:
            problems, order = len(answer["problems"]), len(answer["order"])
            print(f"  {name}: valid={answer['valid']}, {problems} problems, {order} in order")
    return times, cpu


def profile() -> None:
    import cProfile
    import pstats

    from pipelines.graph import parse_graph_document
    from pipelines.validation import validate_graph

    data_root = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    (data_root / "bench_builder").mkdir(parents=True)
    (data_root / "bench_builder" / "input.csv").write_text("id,amount\n1,1.5\n")
    graph = parse_graph_document(graph_dense())
    validate_graph(graph, context={"data_root": data_root})
    profiler = cProfile.Profile()
    profiler.enable()
    result = validate_graph(graph, context={"data_root": data_root})
    profiler.disable()
    print(f"valid={result.is_valid} problems={[p.message for p in result.problems][:3]}")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


def main() -> None:
    data_root = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    setup_django(extra_env={"DATA_ROOT": str(data_root), "SLUICE_INTERACTIVE_POOL": "process"})
    if os.environ.get("BENCH_PROFILE") == "1":
        profile()
        return
    from rest_framework_simplejwt.tokens import AccessToken

    from tests.servers import start_daphne, stop

    user, pipeline = seed(data_root)
    dense = graph_dense()
    print(f"dense graph: {len(dense['nodes'])} nodes, {len(dense['edges'])} edges")
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"], "DATA_ROOT": str(data_root)}
    proc = start_daphne(port=PORT, env=env, log_path=ROOT / "var" / "bench-validate-daphne.log")
    base = f"http://127.0.0.1:{PORT}"
    token = str(AccessToken.for_user(user))
    try:
        for run in range(1, RUNS + 1):
            print(f"run {run} of {RUNS}: {REQUESTS} requests each, interleaved")
            times, cpu = measure(base, token, pipeline.pk, proc.pid)
            for name, timed in times.items():
                print(
                    f"  {name:<48} p50 {statistics.median(timed):7.1f} ms   p95 {pct(timed, 0.95):7.1f} ms"
                    f"   server CPU {statistics.mean(cpu[name]):6.1f} ms"
                    + ("   (target p95 < 300 ms)" if "2,000" in name else "")
                )
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
