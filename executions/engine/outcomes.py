"""What running a group hands the recording room: per-node results, the group's metrics; and the
exception that stops a running step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl


class StepCancelled(Exception):
    """The execution was cancelled (or this attempt was fenced) while the step ran."""


@dataclass
class NodeOutcome:
    rows_in: int | None = None
    rows_out: int | None = None
    output_rows: dict[str, int] = field(default_factory=dict)
    artifacts: dict[str, str] = field(default_factory=dict)
    bytes_out: int | None = None
    receipt: dict[str, Any] | None = None
    report: dict[str, Any] = field(default_factory=dict)
    # Small outputs, also kept in memory for a successor that runs next in this process (continuation):
    # it reads them from here instead of its artifact. Never stored.
    frames: dict[str, pl.DataFrame] = field(default_factory=dict, repr=False)
    # A destination's: the bounded sample of what it received, taken in the pass that wrote it, for its
    # kept profile (executions.engine.profiling). Never stored.
    profile_sample: Any = field(default=None, repr=False)


@dataclass
class GroupOutcome:
    nodes: dict[str, NodeOutcome]
    duration_ms: int = 0
    cpu_seconds: float = 0.0
    peak_rss_bytes: int = 0
