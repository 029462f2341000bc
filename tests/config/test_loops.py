"""core.loops: the embedded mode's background loops start once per name and survive a failing tick."""

from __future__ import annotations

import logging
import threading

from core.loops import start_daemon_loop


def test_a_loop_starts_once_per_name_and_goes_on_after_a_failing_tick(caplog):
    ticks: list[int] = []
    done = threading.Event()

    def tick() -> None:
        ticks.append(1)
        if len(ticks) == 1:
            raise RuntimeError("first tick fails")
        done.set()

    log = logging.getLogger("sluice.test-loops")
    with caplog.at_level(logging.ERROR, logger="sluice.test-loops"):
        assert start_daemon_loop(name="sluice-test-loop", interval=0.01, tick=tick, log=log)
        assert not start_daemon_loop(name="sluice-test-loop", interval=0.01, tick=tick, log=log)
        assert done.wait(5), "the loop stopped after the failing tick"
    assert "sluice-test-loop tick failed" in caplog.text
