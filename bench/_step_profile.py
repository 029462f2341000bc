"""Where a step's time goes: bench/overhead.py's 50-step chain of no-op nodes, run inline in this one
process (no broker, no worker), so a profiler sees all of it. Not part of ``make bench``.

    python bench/_step_profile.py            per-step time of 5 runs
    python bench/_step_profile.py --parts    microseconds per step in the main functions of the path
    python bench/_step_profile.py --cprofile cProfile of 5 runs, by internal time
                                             (SORT=cumulative LINES=80: another order, more lines)
"""

from __future__ import annotations

import cProfile
import functools
import os
import pstats
import sys
import time
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench._harness import noop_chain, setup_django

STEPS = 50
RUNS = 5


def main() -> None:
    env = {"SLUICE_NODE_MODULES": "tests.e2e.nodes", "SLUICE_FUSE_CHAINS": "0", "SLUICE_HEARTBEAT_SECONDS": "3"}
    setup_django(executor="inline", extra_env=env)
    from executions import executors
    from executions.services import lifecycle, steps

    pipeline, user = noop_chain(STEPS, prefix="bench-profile")

    def once() -> float:
        started = time.perf_counter()
        lifecycle.execution_start(pipeline=pipeline, user=user)
        executors.run_inline_until_idle()
        return time.perf_counter() - started

    for _ in range(3):  # warm: imports, plan cache, connections
        once()
    if "--parts" in sys.argv:
        spent: dict[str, float] = defaultdict(float)
        from executions.engine import monitor, running
        from notifications import events, fanout

        def timed(owner, name: str) -> None:
            original = getattr(owner, name)

            @functools.wraps(original)
            def wrapper(*args, **kwargs):
                began = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    spent[f"{getattr(owner, '__name__', owner)}.{name}"] += time.perf_counter() - began

            setattr(owner, name, wrapper)

        for owner, names in (
            (steps, ["step_succeed", "run_group", "_record_success", "decrement_later", "_maybe_finish"]),
            (steps, ["progress_event"]),
            (lifecycle, ["execution_start", "execution_commit", "_after_finish"]),
            (events, ["_record"]),
            (fanout, ["send"]),
            (monitor.StepMonitor, ["__enter__", "__exit__"]),
            (running.artifacts, ["write"]),
        ):
            for name in names:
                timed(owner, name)
        total = sum(once() for _ in range(RUNS))
        print(f"{total / RUNS / STEPS * 1e6:.0f} us per step; of which, per step:")
        for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {name:<32} {seconds / RUNS / STEPS * 1e6:7.0f} us")
    elif "--cprofile" in sys.argv:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(RUNS):
            once()
        profile.disable()
        order, lines = os.environ.get("SORT", "tottime"), int(os.environ.get("LINES", "40"))
        pstats.Stats(profile).sort_stats(order).print_stats(lines)
    else:
        print("ms per step:", [round(once() / STEPS * 1000, 2) for _ in range(RUNS)])


if __name__ == "__main__":
    main()
