"""What a generator returns: a finding, before it is stored as an Insight (insights.services.store), and
the thresholds every generator reads (docs/insights.md, "How each insight is computed")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

# Change points: the last RECENT runs against the BASELINE runs before them.
RECENT_RUNS = 5
BASELINE_RUNS = 30
SCORE_THRESHOLD = 3.0  # spreads (scaled MAD) between the medians
MIN_CHANGE = 0.20  # and at least 20 % apart
CRITICAL_CHANGE = 1.0  # +100 %: critical
# Rankings
TOP_N = 3
MIN_NODE_RUNS = 3
SLOW_SHARE = 0.10  # a node under 10 % of the step time is not "slow", whatever its rank
MIN_FAILURES = 2
MIN_FAILURE_RATE = 0.05
# Trends
MIN_TREND_RUNS = 10
MIN_TREND_DAYS = 2.0
MIN_R2 = 0.5
HORIZON_DAYS = 30.0
MIN_GROWTH = 0.20
# Memory
MEMORY_WARNING = 0.80
MEMORY_CRITICAL = 0.95


@dataclass
class Finding:
    kind: str
    subject: str  # with the kind: the fingerprint ("duration_regression:", "sort_limit:s1>l1")
    title: str
    explanation: str
    severity: str = "info"
    node_key: str = ""
    runs: list[int] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        return f"{self.kind}:{self.subject}"[:200]

    @property
    def evidence(self) -> dict[str, Any]:
        return {"runs": self.runs, "links": self.links, "figures": self.figures}


def run_link(execution_id: int) -> dict[str, str]:
    return {"label": f"Run #{execution_id}", "url": reverse("executions:detail", args=[execution_id])}


def stages_chart_link(pipeline_id: int, window: str = "30d") -> dict[str, str]:
    return {
        "label": f"Stage durations over {window} (monitoring)",
        "url": f"{reverse('monitoring:stages')}?pipeline={pipeline_id}&window={window}",
    }


def builder_link(pipeline_id: int) -> dict[str, str]:
    return {"label": "Open the builder", "url": reverse("pipelines:builder", args=[pipeline_id])}


def pct(x: float) -> str:
    return f"{x * 100:+.0f} %"


def seconds(ms: float) -> str:
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.0f} ms"


def size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover
