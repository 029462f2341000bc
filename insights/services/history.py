"""Findings read off run history: duration and row-count regressions (change points), the slowest and
the most failing nodes, growth trends with a forecast."""

from __future__ import annotations

from insights import analysis
from insights.selectors.history import NodeStats, RunPoint
from insights.services import findings as f
from insights.services.findings import Finding, pct


def regressions(*, pipeline_id: int, runs: list[RunPoint]) -> list[Finding]:
    found = []
    window = runs[-(f.RECENT_RUNS + f.BASELINE_RUNS) :]
    recent_ids = [r.id for r in window[-f.RECENT_RUNS :]]
    durations = [r.duration_seconds for r in window]
    cp = analysis.change_point(durations, recent=f.RECENT_RUNS, baseline=f.BASELINE_RUNS)
    if cp is not None and cp.fires(threshold=f.SCORE_THRESHOLD, min_change=f.MIN_CHANGE):
        found.append(
            Finding(
                kind="duration_regression",
                subject="",
                severity="critical" if cp.change >= f.CRITICAL_CHANGE else "warning",
                title=f"Runs take {pct(cp.change)} longer: median {cp.recent_median:.1f} s, "
                f"was {cp.baseline_median:.1f} s",
                explanation=(
                    f"The median duration of the last {cp.recent_n} successful runs is {cp.recent_median:.2f} s "
                    f"against {cp.baseline_median:.2f} s over the {cp.baseline_n} runs before them "
                    f"(spread, scaled MAD: {cp.baseline_mad:.2f} s): {cp.score:.1f} spreads above the baseline. "
                    "Compare a recent run's timeline with an older one to see which step slowed down."
                ),
                runs=recent_ids,
                links=[f.stages_chart_link(pipeline_id), *(f.run_link(i) for i in recent_ids[-2:])],
                figures=_figures(cp, unit="s"),
            )
        )
    rows = [float(r.rows_out) for r in window]
    cp = analysis.change_point(rows, recent=f.RECENT_RUNS, baseline=f.BASELINE_RUNS)
    if cp is not None and cp.fires(threshold=f.SCORE_THRESHOLD, min_change=f.MIN_CHANGE, both_ways=True):
        direction = "more" if cp.change > 0 else "fewer"
        found.append(
            Finding(
                kind="rows_regression",
                subject="",
                severity="critical" if cp.change <= -0.5 or cp.change >= f.CRITICAL_CHANGE else "warning",
                title=f"Runs write {abs(cp.change) * 100:.0f} % {direction} rows: median "
                f"{cp.recent_median:,.0f}, was {cp.baseline_median:,.0f}",
                explanation=(
                    f"The median rows written by the last {cp.recent_n} successful runs is {cp.recent_median:,.0f} "
                    f"against {cp.baseline_median:,.0f} over the {cp.baseline_n} runs before them (spread "
                    f"{cp.baseline_mad:,.1f} rows; {cp.score:+.1f} spreads). A drop often means a source "
                    "delivered less (or a filter got stricter); a jump, duplicated input."
                ),
                runs=recent_ids,
                links=[f.run_link(i) for i in recent_ids[-2:]],
                figures=_figures(cp, unit="rows"),
            )
        )
    return found


def _figures(cp: analysis.ChangePoint, *, unit: str) -> dict:
    return {
        "unit": unit,
        "baseline_runs": cp.baseline_n,
        "recent_runs": cp.recent_n,
        "baseline_median": round(cp.baseline_median, 4),
        "baseline_mad": round(cp.baseline_mad, 4),
        "recent_median": round(cp.recent_median, 4),
        "score": round(cp.score, 3),
        "change": round(cp.change, 4),
    }


def slow_nodes(*, pipeline_id: int, stats: list[NodeStats]) -> list[Finding]:
    timed = [s for s in stats if s.mean_duration_ms is not None and s.finished - s.failed >= f.MIN_NODE_RUNS]
    total = sum(s.mean_duration_ms for s in timed)
    if len(timed) < 2 or total <= 0:
        return []
    ranked = sorted(timed, key=lambda s: (-s.mean_duration_ms, s.node_key))[: f.TOP_N]
    found = []
    for rank, s in enumerate(ranked, start=1):
        share = s.mean_duration_ms / total
        if share < f.SLOW_SHARE:
            continue
        found.append(
            Finding(
                kind="slow_node",
                subject=s.node_key,
                node_key=s.node_key,
                title=f"{s.node_key} is the #{rank} slowest node: {f.seconds(s.mean_duration_ms)} a run, "
                f"{share * 100:.0f} % of the step time",
                explanation=(
                    f"Over {s.finished - s.failed} successful runs of the window, {s.node_key} ({s.node_type}) "
                    f"took {f.seconds(s.mean_duration_ms)} on average, {share * 100:.0f} % of the sum of every "
                    f"node's mean ({f.seconds(total)}). Speeding it up pays the most; see the recommendations "
                    "for this node, if any."
                ),
                runs=[s.last_execution_id] if s.last_execution_id else [],
                links=[f.stages_chart_link(pipeline_id)]
                + ([f.run_link(s.last_execution_id)] if s.last_execution_id else []),
                figures={
                    "rank": rank,
                    "mean_duration_ms": round(s.mean_duration_ms, 3),
                    "share": round(share, 4),
                    "runs": s.finished - s.failed,
                },
            )
        )
    return found


def failing_nodes(*, pipeline_id: int, stats: list[NodeStats]) -> list[Finding]:
    failing = [s for s in stats if s.failed >= f.MIN_FAILURES and s.failure_rate >= f.MIN_FAILURE_RATE]
    ranked = sorted(failing, key=lambda s: (-s.failed, -s.failure_rate, s.node_key))[: f.TOP_N]
    found = []
    for rank, s in enumerate(ranked, start=1):
        found.append(
            Finding(
                kind="failing_node",
                subject=s.node_key,
                node_key=s.node_key,
                severity="critical" if s.failure_rate >= 0.5 else "warning",
                title=f"{s.node_key} failed {s.failed} of {s.finished} times ({s.failure_rate * 100:.0f} %)",
                explanation=(
                    f"{s.node_key} ({s.node_type}) is the #{rank} most failing node of the window: {s.failed} "
                    f"failures in {s.finished} finished steps. The last failing run's log says why."
                ),
                runs=[s.last_failed_execution_id] if s.last_failed_execution_id else [],
                links=[f.run_link(s.last_failed_execution_id)] if s.last_failed_execution_id else [],
                figures={
                    "rank": rank,
                    "failed": s.failed,
                    "finished": s.finished,
                    "failure_rate": round(s.failure_rate, 4),
                },
            )
        )
    return found


def growth(*, pipeline_id: int, runs: list[RunPoint]) -> list[Finding]:
    if len(runs) < f.MIN_TREND_RUNS:
        return []
    times = [r.finished_at.timestamp() for r in runs]
    found = []
    for kind, values, unit, what in (
        ("duration_growth", [r.duration_seconds for r in runs], "s", "duration"),
        ("output_growth", [float(r.rows_out) for r in runs], "rows", "rows written"),
    ):
        trend = analysis.linear_trend(times, values, horizon_days=f.HORIZON_DAYS)
        if (
            trend is None
            or trend.window_days < f.MIN_TREND_DAYS
            or trend.r2 < f.MIN_R2
            or trend.slope_per_day <= 0
            or trend.growth < f.MIN_GROWTH
        ):
            continue
        fmt = (lambda v: f"{v:.1f} s") if unit == "s" else (lambda v: f"{v:,.0f} rows")
        found.append(
            Finding(
                kind=kind,
                subject="",
                severity="warning" if trend.growth >= 1.0 else "info",
                title=f"The {what} grows {fmt(trend.slope_per_day)} a day: {fmt(trend.forecast)} expected in "
                f"{trend.horizon_days:.0f} days ({pct(trend.growth)})",
                explanation=(
                    f"A straight line fitted by least squares to the {what} of the {trend.n} successful runs of "
                    f"the last {trend.window_days:.1f} days explains {trend.r2 * 100:.0f} % of their variance "
                    f"(R² {trend.r2:.2f}). Extended {trend.horizon_days:.0f} days past the last run, it reaches "
                    f"{fmt(trend.forecast)} against {fmt(trend.current)} now. A forecast, not a promise: "
                    "the line only holds while the growth stays steady."
                ),
                runs=[runs[0].id, runs[-1].id],
                links=[f.stages_chart_link(pipeline_id), f.run_link(runs[-1].id)],
                figures={
                    "unit": unit,
                    "runs": trend.n,
                    "window_days": round(trend.window_days, 3),
                    "slope_per_day": round(trend.slope_per_day, 4),
                    "r2": round(trend.r2, 4),
                    "current": round(trend.current, 4),
                    "forecast": round(trend.forecast, 4),
                    "horizon_days": trend.horizon_days,
                    "growth": round(trend.growth, 4),
                },
            )
        )
    return found
