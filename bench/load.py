"""API latency under load (issue 19, "Fair scheduling"): p99 of a few list and detail endpoints while 100
executions run on 2 Celery workers, their steps sharing a 2-slot pool, next to the same endpoints' p99 on
the idle server in the same run. Target: p99 under 200 ms under load.

A local daphne (127.0.0.1 only: the client refuses any other host) on the bench database; two worker
processes (one slot each) on a queue of this run; a bounded asyncio client (httpx, BENCH_LOAD_CONCURRENCY
requests in flight, 2 by default: Django gives each request a thread of its own, but they share one GIL and
two cores, so more in flight measures the queue more than the latency) that cycles through the endpoints.
daphne pools its PostgreSQL connections (config/asgi.py); ``SLUICE_DB_POOL=0`` in the environment runs it
without the pool (a connection per request, as before), the peer of that change. The idle phase sends
BENCH_LOAD_REQUESTS requests per endpoint (200); the load phase sends requests until the 100 executions
have finished (at least BENCH_LOAD_REQUESTS per endpoint). BENCH_LOAD_RUNS overrides 100.

Method (so that idle and load are measured under the same machine): the idle requests are sent in two
halves, one before the executions start and one after they have all finished, and pooled, so a change in
the rest of the machine's load during the run shows on both sides instead of only in the load figures; the
load average is sampled at the start and end of each phase and printed with them. Each line gives p50 and
p99 of both phases (p99 of 200 requests is their second slowest: one pause of the machine moves it, so
read p50 with it), and the ratio of the p99s (load / idle, same run), which is the figure to compare
across runs on a shared machine; the verdict is on the load p99 itself.

Throughput mode (``BENCH_LOAD_THROUGHPUT_SECONDS=T``, for docs/scaling.md): after the same set-up and
warm-up, no executions; for each number of clients in ``BENCH_LOAD_THROUGHPUT_CLIENTS`` (``1,4,16`` by
default, at most 64) that many clients send requests over the same endpoints in turn, each its next one as
soon as its last answered, for T seconds: requests/s (answers ÷ the wall time), p50 and p99. The client runs in
this process on the same cores as daphne, so the figure is that of one daphne process sharing its machine
with its client: a lower bound of what one web process serves. No target.

    .venv/bin/python bench/load.py
    BENCH_LOAD_THROUGHPUT_SECONDS=20 .venv/bin/python bench/load.py
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RUNS = int(os.environ.get("BENCH_LOAD_RUNS", "100"))
REQUESTS = int(os.environ.get("BENCH_LOAD_REQUESTS", "200"))
CONCURRENCY = max(1, min(int(os.environ.get("BENCH_LOAD_CONCURRENCY", "2")), 64))
TARGET_MS = 200.0


def _throughput_settings() -> tuple[float, list[int]]:
    """BENCH_LOAD_THROUGHPUT_SECONDS (0: off) and BENCH_LOAD_THROUGHPUT_CLIENTS (numbers of clients, 1 to 64)."""
    seconds = os.environ.get("BENCH_LOAD_THROUGHPUT_SECONDS", "0")
    clients = os.environ.get("BENCH_LOAD_THROUGHPUT_CLIENTS", "1,4,16")
    try:
        t = float(seconds)
        counts = [int(n) for n in clients.split(",") if n.strip()]
    except ValueError:
        raise SystemExit(f"BENCH_LOAD_THROUGHPUT_SECONDS={seconds!r} / _CLIENTS={clients!r}: numbers, please") from None
    if not (0 <= t <= 3600) or not counts or any(not 1 <= n <= 64 for n in counts):
        raise SystemExit("BENCH_LOAD_THROUGHPUT_SECONDS: 0 to 3600; BENCH_LOAD_THROUGHPUT_CLIENTS: 1 to 64 each")
    return t, counts


THROUGHPUT_SECONDS, THROUGHPUT_CLIENTS = _throughput_settings()
SLOTS = 2


def p99(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[98]


async def hammer(
    base: str, token: str, paths: list[str], *, until=None, per_path: int, concurrency: int = CONCURRENCY
) -> dict[str, list[float]]:
    """Send requests over ``paths`` in turn, ``concurrency`` at once, until ``until()`` is true and every path
    had ``per_path``; the milliseconds of each, by path. Any answer but 200 stops the run."""
    import httpx

    host = urlsplit(base).hostname
    if host != "127.0.0.1":
        raise SystemExit(f"bench/load.py talks to 127.0.0.1 only, not {host!r}")
    times: dict[str, list[float]] = {p: [] for p in paths}
    sent = 0
    lock = asyncio.Lock()

    async def next_path() -> str | None:
        nonlocal sent
        async with lock:
            enough = all(len(v) >= per_path for v in times.values()) and sent >= per_path * len(paths)
            if enough and (until is None or until()):
                return None
            path = paths[sent % len(paths)]
            sent += 1
            return path

    async def client(http: httpx.AsyncClient) -> None:
        while (path := await next_path()) is not None:
            t0 = time.perf_counter()
            answer = await http.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
            times[path].append(elapsed)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
    return times


def throughput(base: str, token: str, paths: list[str]) -> None:
    """Requests/s of the endpoints in turn with n clients for THROUGHPUT_SECONDS, for each n."""
    print(f"throughput: {THROUGHPUT_SECONDS:.0f} s per line, endpoints in turn: {', '.join(paths)}")
    print(f"{'clients':>7} {'requests':>9} {'req/s':>8} {'p50':>9} {'p99':>9} {'load avg':>9}")
    for clients in THROUGHPUT_CLIENTS:
        started = time.perf_counter()
        end = started + THROUGHPUT_SECONDS
        done = lambda end=end: time.perf_counter() >= end  # noqa: E731
        times = asyncio.run(hammer(base, token, paths, until=done, per_path=0, concurrency=clients))
        elapsed = time.perf_counter() - started  # the last requests in flight at the deadline included
        every = [ms for values in times.values() for ms in values]
        print(
            f"{clients:7} {len(every):9} {len(every) / elapsed:8.1f} {statistics.median(every):7.1f}ms "
            f"{p99(every):7.1f}ms {os.getloadavg()[0]:9.2f}"
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from bench._harness import celery_worker_args, setup_django, stop

    queue = f"bench-load-{os.getpid()}"
    env = {
        "SLUICE_STEP_QUEUE": queue,
        "SLUICE_NODE_MODULES": "tests.e2e.nodes",
        "SLUICE_WEB_SAMPLER": "0",
        "SLUICE_EMBEDDED_SCHEDULER": "0",
        "SLUICE_FUSE_CHAINS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "METRICS_INTERVAL": "300",
        "SLUICE_INTERACTIVE_POOL": "inline",  # the set-up's validation, here; no endpoint timed here uses it
    }
    setup_django(extra_env=env)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.models import Count
    from rest_framework_simplejwt.tokens import AccessToken

    import tests.e2e.nodes  # noqa: F401  (the node types, on this side too)
    from executions.models import Execution, Pool
    from executions.services import execution_start
    from pipelines import services
    from pipelines.graph import parse_graph_document
    from tests.servers import start_daphne

    user, _ = get_user_model().objects.get_or_create(username="bench", defaults={"is_staff": True})
    if not user.is_staff:
        get_user_model().objects.filter(pk=user.pk).update(is_staff=True)
        user.refresh_from_db()
    token = str(AccessToken.for_user(user))
    pool_name = f"bench-load-{uuid.uuid4().hex[:6]}"
    Pool.objects.create(name=pool_name, slots=SLOTS)
    nodes = [
        {"key": "numbers", "type": "e2e.numbers", "config": {"n": 100}},
        {"key": "nap", "type": "e2e.sleep", "config": {"seconds": 0.1, "pool": pool_name}},
        {"key": "sink", "type": "e2e.sink", "config": {"name": "bench_load"}},
    ]
    edges = [{"source": "numbers", "target": "nap"}, {"source": "nap", "target": "sink"}]
    pipeline = services.pipeline_create(
        user=user,
        name=f"bench load {pool_name}",
        graph=parse_graph_document({"nodes": nodes, "edges": edges}),
        concurrency_limit=100,
    )
    services.pipeline_version_create(pipeline=pipeline, user=user)
    pipeline.refresh_from_db()
    warm = execution_start(pipeline=pipeline, user=user)  # something for the detail endpoints to show

    logs = ROOT / "var"
    logs.mkdir(exist_ok=True)
    workers = [
        subprocess.Popen(
            celery_worker_args(queue, concurrency=1, loglevel="warning", name=f"{queue}-{i}@%h"),
            cwd=ROOT,
            env={**os.environ},
            stdout=open(logs / f"bench-load-worker-{i}.log", "wb"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        for i in range(2)
    ]
    port = _free_port()
    daphne = start_daphne(port=port, env={**os.environ}, log_path=logs / "bench-load-daphne.log")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while Execution.objects.get(pk=warm.pk).status not in Execution.FINISHED:
            if time.monotonic() > deadline:
                raise RuntimeError("the warm-up run did not finish: are the workers up? see var/bench-load-*.log")
            time.sleep(0.2)
        paths = [
            "/api/executions/",
            f"/api/executions/?pipeline={pipeline.pk}",
            f"/api/executions/{warm.pk}/",
            "/api/executions/active/",
            "/api/pipelines/",
            f"/api/pipelines/{pipeline.pk}/",
            "/api/pools/",
        ]
        asyncio.run(hammer(base, token, paths, per_path=10))  # warm-up: connections, caches, plan caches
        if THROUGHPUT_SECONDS > 0:
            throughput(base, token, paths)
            return
        loads = {"idle before": os.getloadavg()[0]}
        idle = asyncio.run(hammer(base, token, paths, per_path=(REQUESTS + 1) // 2))

        loads["load start"] = os.getloadavg()[0]
        started = time.monotonic()
        ids = [execution_start(pipeline=pipeline, user=user).pk for _ in range(RUNS)]

        def all_done() -> bool:
            return not Execution.objects.filter(pk__in=ids).exclude(status__in=Execution.FINISHED).exists()

        done = threading.Event()  # watched from a thread: the ORM is not called inside the event loop

        def watch() -> None:
            while not all_done() and time.monotonic() - started < 300:
                time.sleep(0.25)
            wall_box.append(time.monotonic() - started)
            done.set()
            connection.close()

        wall_box: list[float] = []
        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        loaded = asyncio.run(hammer(base, token, paths, until=done.is_set, per_path=REQUESTS))
        watcher.join()
        loads["idle after"] = os.getloadavg()[0]
        after = asyncio.run(hammer(base, token, paths, per_path=REQUESTS // 2))
        loads["end"] = os.getloadavg()[0]
        for path in paths:
            idle[path] += after[path]
        wall = wall_box[0]
        outcome = dict(Execution.objects.filter(pk__in=ids).order_by().values_list("status").annotate(n=Count("id")))
    finally:
        stop(daphne)
        for w in workers:
            stop(w)
    print(f"{RUNS} executions on 2 workers, steps in a {SLOTS}-slot pool: {wall:.1f} s ({outcome})")
    pooled = os.environ.get("SLUICE_DB_POOL", "1") != "0"
    print(f"daphne's database connections: {'pooled' if pooled else 'one per request (SLUICE_DB_POOL=0)'}")
    print(
        f"{CONCURRENCY} requests in flight; load average (1 min) at "
        + ", ".join(f"{k} {v:.2f}" for k, v in loads.items())
    )
    print("idle: half before the executions, half after them, pooled")
    figures = "".join(f" {name:>9}" for name in ("idle p50", "idle p99", "load p50", "load p99"))
    head = f"{'endpoint':45}{figures} {'ratio':>7} {'n idle/load':>12}"
    print(head)
    worst = 0.0
    for path in paths:
        a, b = p99(idle[path]), p99(loaded[path])
        m, n = statistics.median(idle[path]), statistics.median(loaded[path])
        worst = max(worst, b)
        print(
            f"{path:45} {m:7.1f}ms {a:7.1f}ms {n:7.1f}ms {b:7.1f}ms {b / a:6.2f}x "
            f"{len(idle[path]):5}/{len(loaded[path]):<6}"
        )
    verdict = "OK" if worst < TARGET_MS and outcome == {"succeeded": RUNS} else "MISSED"
    print(f"worst p99 under load: {worst:.1f} ms (target < {TARGET_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
