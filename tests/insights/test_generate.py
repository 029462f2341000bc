"""Every figure of the generated insights against values computed independently on seeded runs, and the
life of an insight: the same finding updates its row, one that no longer holds is closed, one that comes
back reopens, a dismissed one stays dismissed while it holds."""

from __future__ import annotations

import statistics
from datetime import timedelta

import pytest
from django.utils import timezone

from executions import hooks
from insights.models import Insight, InsightEvent
from insights.services.generate import insights_refresh, insights_refresh_all
from insights.services.store import insight_dismiss
from insights.tasks import refresh_all
from tests.insights.seeding import LINE, SHOP_NODES, make_pipeline, seed_run

pytestmark = pytest.mark.django_db

BASELINE = [10.0, 11.0, 12.0] * 10  # median 11, MAD 1 → spread 1.4826
RECENT = [20.0, 21.0, 22.0, 20.0, 21.0]


def _line_runs(pipeline, durations, *, rows=None, start=None, spacing=timedelta(hours=1)):
    start = start or timezone.now() - spacing * (len(durations) + 1)
    runs = []
    for i, seconds in enumerate(durations):
        at = start + spacing * i
        runs.append(
            seed_run(
                pipeline,
                at=at,
                seconds=seconds,
                rows_out=rows[i] if rows else 1000,
                steps={
                    "src": {"duration_ms": int(seconds * 400), "rows_out": 1000},
                    "dst": {"duration_ms": int(seconds * 600), "rows_in": 1000},
                },
            )
        )
    return runs


def _of(pipeline, kind, **kw):
    return Insight.objects.filter(pipeline=pipeline, kind=kind, **kw)


def test_duration_regression_figures(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    runs = _line_runs(pipeline, BASELINE + RECENT)
    insights_refresh(pipeline_id=pipeline.pk)
    insight = _of(pipeline, "duration_regression").get()
    med = statistics.median(BASELINE)
    mad = statistics.median([abs(x - med) for x in BASELINE]) * 1.4826
    recent = statistics.median(RECENT)
    figures = insight.evidence["figures"]
    assert figures["baseline_median"] == pytest.approx(med)
    assert figures["baseline_mad"] == pytest.approx(mad, abs=1e-4)
    assert figures["recent_median"] == pytest.approx(recent)
    assert figures["score"] == pytest.approx((recent - med) / mad, abs=1e-3)
    assert figures["change"] == pytest.approx((recent - med) / med, abs=1e-4)
    assert figures["baseline_runs"] == 30 and figures["recent_runs"] == 5
    assert insight.severity == "warning"  # +91 %: under +100 %
    assert insight.evidence["runs"] == [r.pk for r in runs[-5:]]
    assert any("/monitoring/?pipeline=" in link["url"] for link in insight.evidence["links"])
    assert insight.state == "open"
    assert not _of(pipeline, "rows_regression").exists()  # rows did not move
    assert not _of(pipeline, "duration_growth").exists()  # 34 hours of history: under the 2-day minimum


def test_row_count_drop_is_a_regression(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    rows = [1000 + (i % 3) for i in range(30)] + [400, 410, 405, 400, 402]
    _line_runs(pipeline, [10.0] * 35, rows=rows)
    insights_refresh(pipeline_id=pipeline.pk)
    insight = _of(pipeline, "rows_regression").get()
    assert insight.evidence["figures"]["recent_median"] == statistics.median(rows[-5:])
    assert insight.evidence["figures"]["baseline_median"] == statistics.median(rows[:30])
    assert insight.severity == "critical"  # -60 %
    assert "fewer rows" in insight.title
    assert not _of(pipeline, "duration_regression").exists()


def test_growth_forecast_slope_and_r2(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    days = list(range(20))
    durations = [10 + 0.8 * d + ((d * 7) % 3) * 0.1 for d in days]
    rows = [1000 + 50 * d + (d % 2) * 5 for d in days]
    runs = _line_runs(
        pipeline, durations, rows=rows, start=timezone.now() - timedelta(days=20), spacing=timedelta(days=1)
    )
    insights_refresh(pipeline_id=pipeline.pk)
    t0 = runs[0].finished_at
    x = [(r.finished_at - t0).total_seconds() / 86400 for r in runs]
    for kind, ys in (("duration_growth", durations), ("output_growth", rows)):
        fit = statistics.linear_regression(x, ys)
        r2 = statistics.correlation(x, ys) ** 2
        figures = _of(pipeline, kind).get().evidence["figures"]
        assert figures["slope_per_day"] == pytest.approx(fit.slope, rel=1e-3)
        assert figures["r2"] == pytest.approx(r2, abs=1e-4)
        assert figures["current"] == pytest.approx(fit.slope * x[-1] + fit.intercept, rel=1e-4)
        assert figures["forecast"] == pytest.approx(fit.slope * (x[-1] + 30) + fit.intercept, rel=1e-4)
        assert figures["runs"] == 20 and figures["window_days"] == pytest.approx(19, abs=1e-3)


def test_flat_history_has_no_growth(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    _line_runs(
        pipeline,
        [10.0 + (d % 2) for d in range(20)],
        start=timezone.now() - timedelta(days=20),
        spacing=timedelta(days=1),
    )
    insights_refresh(pipeline_id=pipeline.pk)
    assert not Insight.objects.filter(pipeline=pipeline, kind__in=["duration_growth", "output_growth"]).exists()


MEANS = {"orders": 100, "customers": 40, "joined": 900, "big": 300, "top": 500, "first": 5, "keep": 5, "dst": 150}


def _shop_runs(pipeline, n=6, *, fuse=True, failing=(), peak=None):
    now = timezone.now()
    runs = []
    for i in range(n):
        failed = i in failing
        steps = {}
        for k, mean in MEANS.items():
            fields = {"duration_ms": mean + (i % 3) * 10 - 10, "rows_in": 1000, "rows_out": 1000, "bytes_out": 8000}
            if k == "big":
                fields["rows_out"] = 250  # the filter keeps a quarter of the joined rows
            if failed and k == "joined":
                fields = {"status": "failed", "duration_ms": 1}
            if peak and k == "joined":
                fields["peak_rss_bytes"] = peak + i
            steps[k] = fields
        runs.append(
            seed_run(
                pipeline,
                at=now - timedelta(hours=n - i),
                status="failed" if failed else "succeeded",
                fuse=fuse,
                steps=steps,
            )
        )
    return runs


def test_slowest_and_most_failing_nodes(owner):
    pipeline = make_pipeline(owner)
    runs = _shop_runs(pipeline, 8, failing=(2, 5))
    insights_refresh(pipeline_id=pipeline.pk)
    # independently: the mean of each node's successful durations, and their sum
    means = {}
    for k in MEANS:
        ok = [r.steps.get(node_key=k) for r in runs]
        ok = [s.duration_ms for s in ok if s.status == "succeeded"]
        means[k] = sum(ok) / len(ok)
    total = sum(means.values())
    expected = sorted(means, key=lambda k: -means[k])[:3]
    slow = {i.node_key: i for i in _of(pipeline, "slow_node")}
    assert sorted(slow, key=lambda k: slow[k].evidence["figures"]["rank"]) == expected
    for k, insight in slow.items():
        assert insight.evidence["figures"]["mean_duration_ms"] == pytest.approx(means[k], abs=1e-3)
        assert insight.evidence["figures"]["share"] == pytest.approx(means[k] / total, abs=1e-4)
    failing = _of(pipeline, "failing_node").get()
    assert failing.node_key == "joined"
    assert failing.evidence["figures"] == {"rank": 1, "failed": 2, "finished": 8, "failure_rate": 0.25}
    assert failing.evidence["runs"] == [runs[5].pk]  # the newest failing run


def test_recommendations_of_an_unfused_run(owner, settings):
    settings.SLUICE_WORKER_MEMORY_MB = 100
    pipeline = make_pipeline(owner)
    runs = _shop_runs(pipeline, 4, fuse=False, peak=int(0.9 * 100 * 1024 * 1024))
    insights_refresh(pipeline_id=pipeline.pk)
    moved = _of(pipeline, "filter_before_join").get()
    assert moved.node_key == "big" and moved.evidence["figures"]["side"] == "left"
    assert moved.evidence["figures"]["kept_share"] == pytest.approx(0.25)
    join_mean = statistics.mean(r.steps.get(node_key="joined").duration_ms for r in runs)
    assert moved.evidence["figures"]["expected_saving_ms"] == pytest.approx(join_mean * 0.75, abs=1e-3)
    top = _of(pipeline, "sort_limit").get()
    assert top.node_key == "top" and top.evidence["figures"]["n"] == 2
    assert "fusion is off" in top.explanation
    chain = _of(pipeline, "unfused_chain").get()
    assert chain.evidence["figures"]["steps"] == len(SHOP_NODES)
    assert chain.evidence["figures"]["fused_steps"] == 1  # orders, customers → joined → … → dst: one tree
    # the members of the fused tree but its tail: orders, customers, joined, big, top, first, keep (8000 bytes each)
    assert chain.evidence["figures"]["bytes_saved"] == 7 * 8000
    unused = _of(pipeline, "unused_columns").get()
    assert unused.node_key == "orders"
    assert unused.evidence["figures"]["unused"] == ["note", "region"]
    assert unused.evidence["figures"]["unused_count"] == 2
    assert unused.evidence["figures"]["expected_bytes_saved"] == round(8000 * 2 / 5)
    memory = _of(pipeline, "memory_pressure").get()
    assert memory.node_key == "joined" and memory.severity == "warning"
    peak = int(0.9 * 100 * 1024 * 1024) + 3
    assert memory.evidence["figures"]["peak_rss_bytes"] == peak
    assert memory.evidence["figures"]["share"] == pytest.approx(peak / (100 * 1024 * 1024), abs=1e-4)
    assert memory.evidence["runs"] == [runs[3].pk]


def test_a_fused_run_has_no_sort_or_chain_recommendation(owner):
    pipeline = make_pipeline(owner)
    _shop_runs(pipeline, 3, fuse=True)
    insights_refresh(pipeline_id=pipeline.pk)
    assert not Insight.objects.filter(pipeline=pipeline, kind__in=["sort_limit", "unfused_chain"]).exists()
    assert _of(pipeline, "filter_before_join").exists()
    assert not _of(pipeline, "memory_pressure").exists()  # no peak recorded


def test_same_finding_updates_its_row_and_closes_when_it_no_longer_holds(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    _line_runs(pipeline, BASELINE + RECENT, start=timezone.now() - timedelta(hours=80))
    first = insights_refresh(pipeline_id=pipeline.pk)
    assert first["opened"] >= 1
    again = insights_refresh(pipeline_id=pipeline.pk)
    assert again == {"opened": 0, "updated": 0, "reopened": 0, "closed": 0}
    insight = _of(pipeline, "duration_regression").get()
    assert insight.times_seen == 2
    assert list(insight.events.values_list("kind", flat=True)) == ["opened"]
    # five normal runs: the recent window is back to the baseline
    _line_runs(pipeline, [11.0] * 5, start=timezone.now() - timedelta(hours=6))
    assert insights_refresh(pipeline_id=pipeline.pk)["closed"] >= 1
    insight.refresh_from_db()
    assert insight.state == "closed" and insight.closed_at is not None
    # slow again: the same row reopens
    _line_runs(pipeline, RECENT, start=timezone.now() - timedelta(minutes=30), spacing=timedelta(minutes=1))
    assert insights_refresh(pipeline_id=pipeline.pk)["reopened"] >= 1
    insight.refresh_from_db()
    assert insight.state == "open" and insight.closed_at is None
    assert list(insight.events.values_list("kind", flat=True)) == ["opened", "closed", "reopened"]
    assert Insight.objects.filter(pipeline=pipeline, kind="duration_regression").count() == 1


def test_a_dismissed_insight_stays_dismissed_while_it_holds(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    _line_runs(pipeline, BASELINE + RECENT)
    insights_refresh(pipeline_id=pipeline.pk)
    insight = insight_dismiss(insight=_of(pipeline, "duration_regression").get(), user=owner)
    assert insight.state == "dismissed" and insight.dismissed_by == owner
    insights_refresh(pipeline_id=pipeline.pk)
    insight.refresh_from_db()
    assert insight.state == "dismissed" and insight.times_seen == 2
    assert InsightEvent.objects.filter(insight=insight, kind="dismissed", user=owner).count() == 1


def test_the_hook_and_the_periodic_task_refresh(owner):
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    runs = _line_runs(pipeline, BASELINE + RECENT)
    hooks.execution_finished(runs[-1].pk)
    assert _of(pipeline, "duration_regression").exists()
    Insight.objects.all().delete()
    assert refresh_all() >= 1
    assert _of(pipeline, "duration_regression").exists()
    assert insights_refresh_all() >= 1


def test_the_hook_leaves_lineage_recommendations_to_the_periodic_refresh(owner, monkeypatch):
    pipeline = make_pipeline(owner)
    runs = _shop_runs(pipeline, 3, fuse=True)
    hooks.execution_finished(runs[-1].pk)  # no validation: nothing that needs lineage yet
    assert not _of(pipeline, "filter_before_join").exists()
    insights_refresh(pipeline_id=pipeline.pk)
    assert _of(pipeline, "filter_before_join", state="open").exists()
    assert _of(pipeline, "unused_columns", state="open").exists()

    def no_validation(**kwargs):
        raise AssertionError("the hook must not validate")

    monkeypatch.setattr("pipelines.services.pipeline_validate", no_validation)
    hooks.execution_finished(runs[-1].pk)  # they stay open: not judged this time
    assert _of(pipeline, "filter_before_join", state="open").exists()
    assert _of(pipeline, "unused_columns", state="open").exists()


def test_the_embedded_loop_refreshes(owner, monkeypatch):
    from insights import loop

    started = {}
    monkeypatch.setattr(loop, "start_daemon_loop", lambda **kw: started.update(kw) or True)
    loop.start_embedded_insights(interval=5)
    assert started["name"] == "sluice-insights" and started["interval"] == 5
    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    _line_runs(pipeline, BASELINE + RECENT)
    started["tick"]()
    assert _of(pipeline, "duration_regression").exists()


def test_the_sync_takes_the_pipeline_row_as_its_lock(owner, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from insights.services.store import insights_sync

    pipeline = make_pipeline(owner, name="Line", graph=LINE)
    with CaptureQueriesContext(connection) as ctx:
        insights_sync(pipeline_id=pipeline.pk, findings=[])
    locks = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks and '"pipelines_pipeline"' in locks[0]
    assert insights_sync(pipeline_id=10**12, findings=[]) == {"opened": 0, "updated": 0, "reopened": 0, "closed": 0}
