"""Per-step orchestration overhead: a 50-step chain of no-op nodes run by Sluice on Celery, side by
side with 50 chained raw Celery tasks on the same Redis and worker settings.

Every node is its own step here (SLUICE_FUSE_CHAINS=0): with fusion the whole chain would be one
step, which is what Sluice does by default (the fused figure is printed too).
Target (issue 19): Sluice at most 1.3x raw Celery per step (issue 5's was 2x).
The sides are interleaved, one round of each at a time in a turning order, ``BENCH_ROUNDS`` (15) rounds:
medians and quartiles per side, and the ratio of each round's Sluice run to its raw Celery one (median,
range), so that a change of the machine's load weighs on both alike. ``BENCH_FIXED=0``: this part only.
Beside the wall time, each side's CPU time over the same span (its threads' run time, median per step): of the worker's
processes (its pool child, its plan processes), of the PostgreSQL backends of the bench database, and of this
process with its children (the validation pool). On a loaded machine the wall times move with the load, the CPU
times much less: read them to compare two versions measured minutes apart.

Then the fixed costs of a run: its start (``execution_start``: validation, plan, the StepRun rows,
dispatch) and its finish (``execution_finish``: the commit phase, rollups, final status, events), for
unfused chains of 1,000 steps and, as the peer, of 10 steps, run by the inline executor in this
process (``BENCH_FIXED_ROUNDS``, 5). Target (issue 19): under 100 ms each at 1,000. The start's
validation is shown apart (a saved version's start checks only what can change since the save:
executions.services.start_validation);
the finished-run hooks of the other apps (insights, quality, alerts) run in a task of their own after
the finish (executions.services.finished) and are shown apart too, not counted in the finish.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._harness import BENCH_DB, noop_chain, setup_django, start_worker, stop

STEPS = 50
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
FIXED_ROUNDS = int(os.environ.get("BENCH_FIXED_ROUNDS", "5"))
FIXED = os.environ.get("BENCH_FIXED", "1") != "0"  # 0: the per-step part only
FIXED_STEPS = (10, 1000)  # the peer, then the target's size


def main() -> None:
    queue = f"bench-overhead-{os.getpid()}"
    env = {
        "SLUICE_STEP_QUEUE": queue,
        "SLUICE_NODE_MODULES": "tests.e2e.nodes",
        "SLUICE_FUSE_CHAINS": "0",
        "SLUICE_HEARTBEAT_SECONDS": "3",
    }
    setup_django(extra_env=env)
    import redis
    from celery import chain
    from django.conf import settings

    from bench.celery_tasks import noop
    from executions.models import Execution
    from executions.services import execution_start
    from notifications.fanout import channel

    worker = start_worker(queue, include="bench.celery_tasks", env=env)
    try:
        pipeline, user = noop_chain(STEPS, prefix="bench-overhead")

        r = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=None)

        # Both sides wait without polling (a loop of queries would take CPU from the worker): Sluice
        # for its run's finishing event on the dashboard topic, raw Celery for its last task's BLPOP.
        def sluice_once(fuse: bool) -> tuple[float, float]:
            settings.SLUICE_FUSE_CHAINS = fuse
            with r.pubsub(ignore_subscribe_messages=True) as pubsub:
                pubsub.subscribe(channel("dashboard"))
                cpu = cpu_snapshot(worker.pid)
                started = time.perf_counter()
                execution = execution_start(pipeline=pipeline, user=user)
                finished = {f"execution.{s}" for s in Execution.FINISHED}
                while True:
                    message = pubsub.get_message(timeout=60)  # None for the subscription's confirmation
                    events = json.loads(message["data"]) if message else []
                    if any(e["type"] in finished and e["data"]["execution_id"] == execution.pk for e in events):
                        break
                elapsed = time.perf_counter() - started
                cpu = cpu_spent(cpu, cpu_snapshot(worker.pid, cpu))
            status = Execution.objects.filter(pk=execution.pk).values_list("status", flat=True).get()
            assert status == "succeeded", Execution.objects.get(pk=execution.pk).error
            hooks_done(execution)
            return elapsed, cpu

        def hooks_done(execution) -> None:
            """Untimed: wait for the run's finished-run hooks, a task of their own on the one worker, so
            the next round starts on an idle worker as raw Celery's does (with more than one worker
            they run beside the steps; their time is shown with the fixed costs). Their task claims its
            key first; a marker task sent after that comes back once they are done."""
            from django.core.cache import cache

            from executions.services.finished import claim_key

            key, deadline = claim_key(execution.pk, execution.artifact_key), time.monotonic() + 60
            while cache.get(key) is None and time.monotonic() < deadline:
                time.sleep(0.01)
            marker = f"bench:{uuid.uuid4().hex}"
            noop.s(marker=marker).set(queue=queue).apply_async()
            assert r.blpop([marker], timeout=60), "the worker did not come back after the hooks"

        def raw_once() -> tuple[float, float]:
            marker = f"bench:{uuid.uuid4().hex}"
            tasks = [noop.si().set(queue=queue)] + [noop.s().set(queue=queue) for _ in range(STEPS - 2)]
            tasks.append(noop.s(marker=marker, index=STEPS).set(queue=queue))
            cpu = cpu_snapshot(worker.pid)
            started = time.perf_counter()
            chain(*tasks).apply_async()
            r.blpop([marker], timeout=60)
            elapsed = time.perf_counter() - started
            return elapsed, cpu_spent(cpu, cpu_snapshot(worker.pid, cpu))

        sluice_once(False)  # warm-up: imports, connections
        sluice_once(True)
        raw_once()
        # Interleaved, one of each per round, their order turning from round to round: a change of the
        # machine's load weighs on both sides alike (measured one block after the other, raw Celery's
        # own figure moved by 2x between runs).
        sides = {
            "raw celery": raw_once,
            "sluice": lambda: sluice_once(False),
            "sluice fused": lambda: sluice_once(True),
        }
        times: dict[str, list[float]] = {name: [] for name in sides}
        cpus: dict[str, list[float]] = {name: [] for name in sides}
        for round_ in range(ROUNDS):
            names = list(sides)
            for name in names[round_ % 3 :] + names[: round_ % 3]:
                elapsed, cpu = sides[name]()
                times[name].append(elapsed)
                cpus[name].append(cpu)
    finally:
        stop(worker)
    fixed = {steps: fixed_costs(steps) for steps in FIXED_STEPS} if FIXED else {}
    per = {name: statistics.median(v) / STEPS * 1000 for name, v in times.items()}
    cpu_per = {name: statistics.median(v) / STEPS * 1000 for name, v in cpus.items()}
    print(f"overhead: {STEPS}-step chain, median of {ROUNDS} interleaved rounds, per step (quartiles)")
    for name, ms in per.items():
        q1, _, q3 = statistics.quantiles(times[name], n=4) if ROUNDS > 1 else (ms, ms, ms)
        print(
            f"  {name:<14} {ms:8.2f} ms/step  ({q1 / STEPS * 1000:.2f}-{q3 / STEPS * 1000:.2f})"
            f"  cpu {cpu_per[name]:.2f} ms/step"
        )
    ratios = sorted(s / r for s, r in zip(times["sluice"], times["raw celery"], strict=True))
    print(f"  ratio sluice/raw celery: {per['sluice'] / per['raw celery']:.2f}x (target <= 1.3x)")
    print(
        f"  the same round's ratio: median {statistics.median(ratios):.2f}x, from {ratios[0]:.2f}x to {ratios[-1]:.2f}x"
    )
    print(f"  cpu ratio sluice/raw celery: {cpu_per['sluice'] / cpu_per['raw celery']:.2f}x")
    if not fixed:
        return
    print(f"fixed costs of one unfused run (inline executor), ms: median (fastest) of {FIXED_ROUNDS} rounds")
    print("  cpu: this process's CPU time (not the database's, nor the validation pool's): what load inflates least")
    print(
        f"  {'steps':>6} {'start':>15} {'cpu':>6} {'validation':>10} {'finish':>15} {'cpu':>6}"
        "  finished-run hooks (own task, after the finish)"
    )
    for steps, f in fixed.items():
        print(
            f"  {steps:>6} {f['start']:7.1f} ({f['start min']:5.1f}) {f['start cpu']:6.1f} {f['validation']:10.1f} "
            f"{f['finish']:7.1f} ({f['finish min']:5.1f}) {f['finish cpu']:6.1f}  {f['hooks']:.1f}"
        )
    (small, f0), (large, f1) = fixed.items()
    per = 1000 / (large - small)
    growth = {k: (f1[k] - f0[k]) * per for k in ("start", "finish", "start cpu", "finish cpu")}
    print(
        f"  growth per step: start {growth['start']:.1f} us (cpu {growth['start cpu']:.1f}), "
        f"finish {growth['finish']:.1f} us (cpu {growth['finish cpu']:.1f})"
    )
    print(f"  target: start and finish of {large} steps under 100 ms each")


def cpu_snapshot(worker_pid: int, known: dict[int, float] | None = None) -> dict[int, float]:
    """CPU seconds by pid of the processes that do a run's work: the worker and its descendants (the pool
    child, plan processes), the PostgreSQL backends of the bench database, and this process with its
    children (the interactive pool that validates a start). ``known``: the snapshot at the span's start,
    whose processes are read first, at once (the worker goes on with the finished run's own work after its
    event: a search of every process first would count some of it); then the processes that appeared."""
    snapshot: dict[int, float] = {}
    for pid in known or ():
        with contextlib.suppress(OSError):
            snapshot[pid] = _cpu_of(pid)
    for pid in _run_processes(worker_pid) - snapshot.keys():
        with contextlib.suppress(OSError):
            snapshot[pid] = _cpu_of(pid)
    return snapshot


def _run_processes(worker_pid: int) -> set[int]:
    import psutil

    pids: set[int] = set()
    for root in (worker_pid, os.getpid()):
        with contextlib.suppress(psutil.Error):
            parent = psutil.Process(root)
            pids |= {parent.pid, *(c.pid for c in parent.children(recursive=True))}
    for proc in psutil.process_iter(["cmdline"]):
        title = " ".join(proc.info["cmdline"] or [])
        if title.startswith("postgres:") and f" {BENCH_DB} " in title:
            pids.add(proc.pid)
    return pids


def _cpu_of(pid: int) -> float:
    """A process's CPU seconds in nanoseconds' resolution: the sum of its threads' run time from
    /proc/<pid>/task/*/schedstat (``cpu_times`` counts in ticks of 10 ms, a run's whole cost here)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{tid}/schedstat") as stat:
            total += int(stat.read().split()[0])
    return total / 1e9


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """The CPU seconds spent between two snapshots (a process that started meanwhile counts whole)."""
    return sum(max(0.0, seconds - before.get(pid, 0.0)) for pid, seconds in after.items())


def fixed_costs(steps: int) -> dict[str, float]:
    """Start (and its validation), finish and hooks (ms) of an unfused chain of ``steps`` no-op steps,
    run inline: medians, the fastest rounds, and the CPU time this process spent.

    The start is ``execution_start`` as a caller sees it; the finish, the ``execution_finish`` that the
    last step's success calls (after its commit); the hooks, their task's run (the inline executor
    runs it after the steps, as a worker would after the finish's commit)."""
    from django.conf import settings

    from executions import executors, hooks
    from executions.services import execution_start, lifecycle
    from executions.services import steps as step_services

    settings.SLUICE_EXECUTOR, settings.SLUICE_FUSE_CHAINS = "inline", False
    pipeline, user = noop_chain(steps, prefix=f"bench-fixed-{steps}")
    calls: list[tuple[str, float, float, object]] = []

    def timed(name, call):
        def wrapper(*args, **kwargs):
            began, cpu = time.perf_counter(), time.process_time()
            result = call(*args, **kwargs)
            calls.append((name, time.perf_counter() - began, time.process_time() - cpu, result))
            return result

        return wrapper

    finish, run_hooks, validate = step_services.execution_finish, hooks.execution_finished, lifecycle.start_validate
    step_services.execution_finish = timed("finish", finish)
    hooks.execution_finished = timed("hooks", run_hooks)
    lifecycle.start_validate = timed("validation", validate)
    measured: dict[str, list[float]] = {
        k: [] for k in ("start", "start cpu", "validation", "finish", "finish cpu", "hooks")
    }
    try:
        for round_ in range(FIXED_ROUNDS + 1):  # the first warms the caches (plan, validation pool, statements)
            calls.clear()
            execution = timed("start", execution_start)(pipeline=pipeline, user=user)
            executors.run_inline_until_idle(max_steps=steps + 1)
            done = [c for c in calls if c[0] == "finish" and c[3] is not None and c[3].is_finished]
            assert len(done) == 1 and done[0][3].status == "succeeded", (execution.pk, calls)
            if round_:
                start = next(c for c in calls if c[0] == "start")
                for name, wall, cpu, _ in [start, done[0]]:
                    measured[name].append(wall)
                    measured[f"{name} cpu"].append(cpu)
                measured["validation"].append(sum(c[1] for c in calls if c[0] == "validation"))
                measured["hooks"].append(sum(c[1] for c in calls if c[0] == "hooks"))
    finally:
        step_services.execution_finish, hooks.execution_finished = finish, run_hooks
        lifecycle.start_validate = validate
    figures = {k: statistics.median(v) * 1000 for k, v in measured.items()}
    return figures | {f"{k} min": min(measured[k]) * 1000 for k in ("start", "finish")}


if __name__ == "__main__":
    main()
