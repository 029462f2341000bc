"""Per-step orchestration overhead: a 50-step chain of no-op nodes run by Sluice on Celery, side by
side with 50 chained raw Celery tasks on the same Redis and worker settings.

Every node is its own step here (SLUICE_FUSE_CHAINS=0): with fusion the whole chain would be one
step, which is what Sluice does by default (the fused figure is printed too).
Target (issue 5): Sluice at most 2x raw Celery per step.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._harness import noop_chain, setup_django, start_worker, stop

STEPS = 50
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


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
        def sluice_once(fuse: bool) -> float:
            settings.SLUICE_FUSE_CHAINS = fuse
            with r.pubsub(ignore_subscribe_messages=True) as pubsub:
                pubsub.subscribe(channel("dashboard"))
                started = time.perf_counter()
                execution = execution_start(pipeline=pipeline, user=user)
                finished = {f"execution.{s}" for s in Execution.FINISHED}
                while True:
                    message = pubsub.get_message(timeout=60)  # None for the subscription's confirmation
                    events = json.loads(message["data"]) if message else []
                    if any(e["type"] in finished and e["data"]["execution_id"] == execution.pk for e in events):
                        break
                elapsed = time.perf_counter() - started
            status = Execution.objects.filter(pk=execution.pk).values_list("status", flat=True).get()
            assert status == "succeeded", Execution.objects.get(pk=execution.pk).error
            return elapsed

        def raw_once() -> float:
            marker = f"bench:{uuid.uuid4().hex}"
            tasks = [noop.si().set(queue=queue)] + [noop.s().set(queue=queue) for _ in range(STEPS - 2)]
            tasks.append(noop.s(marker=marker, index=STEPS).set(queue=queue))
            started = time.perf_counter()
            chain(*tasks).apply_async()
            r.blpop([marker], timeout=60)
            return time.perf_counter() - started

        sluice_once(False)  # warm-up: imports, connections
        raw_once()
        raw = [raw_once() for _ in range(ROUNDS)]
        unfused = [sluice_once(False) for _ in range(ROUNDS)]
        fused = [sluice_once(True) for _ in range(ROUNDS)]
    finally:
        stop(worker)
    per = {
        name: statistics.median(v) / STEPS * 1000
        for name, v in (("raw celery", raw), ("sluice", unfused), ("sluice fused", fused))
    }
    print(f"overhead: {STEPS}-step chain, median of {ROUNDS} rounds, per step")
    for name, ms in per.items():
        print(f"  {name:<14} {ms:8.2f} ms/step")
    print(f"  ratio sluice/raw celery: {per['sluice'] / per['raw celery']:.2f}x (target <= 2.0x)")


if __name__ == "__main__":
    main()
