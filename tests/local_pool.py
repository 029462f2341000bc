"""The local executor's thread pool in tests: close it so that the test database can be dropped."""

from __future__ import annotations

import threading

from django.db import connections

from executions import executors


def close_local_pool() -> None:
    """Each thread of the pool closes its database connection (a barrier puts one task on every thread),
    then the pool goes."""
    pool = executors._pool
    if pool is None:
        return
    barrier = threading.Barrier(pool._max_workers)

    def close() -> None:
        connections.close_all()
        barrier.wait(timeout=10)

    for future in [pool.submit(close) for _ in range(pool._max_workers)]:
        future.result(timeout=20)
    pool.shutdown(wait=True)
    executors._pool = None
