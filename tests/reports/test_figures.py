"""The figures of a report checked against values computed here, independently, from what was seeded."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import UTC, timedelta

import pytest

from reports.rendering import report_html
from reports.selectors import report_figures
from reports.services import report_create

pytestmark = pytest.mark.django_db

ALL_BLOCKS = [
    {"kind": "kpis"},
    {"kind": "runs_chart"},
    {"kind": "duration_chart"},
    {"kind": "quality_chart"},
    {"kind": "runs_table", "limit": 100},
    {"kind": "quality_issues"},
    {"kind": "insights"},
]


def expected_kpis(runs):
    succeeded = [r for r in runs if r["status"] == "succeeded"]
    failed = [r for r in runs if r["status"] == "failed"]
    durations = sorted(r["duration"] for r in runs)  # every seeded run finished
    p95 = statistics.quantiles(durations, n=20, method="inclusive")[18]
    return {
        "runs": len(runs),
        "succeeded": len(succeeded),
        "failed": len(failed),
        "success_rate": round(len(succeeded) / (len(succeeded) + len(failed)), 4),
        "p95_duration_s": round(p95, 3),
        "rows": sum(r["rows"] for r in succeeded),
    }


def block(figures, kind):
    return next(b for b in figures["blocks"] if b["kind"] == kind)["data"]


def test_kpis_charts_and_tables_match_the_seeded_runs(editor, seeded):
    report = report_create(user=editor, name="Weekly", blocks=ALL_BLOCKS, window="7d")
    figures = report_figures(report=report, user=editor, now=seeded.now)
    kpis = block(figures, "kpis")
    assert kpis == expected_kpis(seeded.runs)
    # runs over time: the buckets add up to the window's runs, by status
    points = block(figures, "runs_chart")["points"]
    by_status = Counter(r["status"] for r in seeded.runs)
    assert sum(p["succeeded"] for p in points) == by_status["succeeded"]
    assert sum(p["failed"] for p in points) == by_status["failed"]
    assert sum(p["other"] for p in points) == by_status["cancelled"]
    assert block(figures, "runs_chart")["bucket"] == "6h"  # 7 days: the monitoring pages' automatic bucket
    # duration percentiles of one bucket, recomputed
    size = block(figures, "duration_chart")["bucket_seconds"]
    first = next(p for p in block(figures, "duration_chart")["points"] if p["p95_s"] is not None)
    start = first["ts"].timestamp()
    in_bucket = sorted(r["duration"] for r in seeded.runs if start <= r["at"].timestamp() < start + size)
    if len(in_bucket) > 1:
        assert first["p50_s"] == round(statistics.median(in_bucket), 3)
        assert first["p95_s"] == round(statistics.quantiles(in_bucket, n=20, method="inclusive")[18], 3)
    else:
        assert first["p50_s"] == first["p95_s"] == round(in_bucket[0], 3)
    # quality pass rate per UTC day
    days = {}
    for r in seeded.results:
        d = days.setdefault(r["at"].astimezone(UTC).date(), [0, 0])
        d[0] += 1
        d[1] += r["passed"]
    for p in block(figures, "quality_chart")["points"]:
        if p["day"] in days:
            total, passed = days[p["day"]]
            assert (p["results"], p["passed"], p["pass_rate"]) == (total, passed, round(passed / total, 4))
        else:
            assert p["results"] == 0 and p["pass_rate"] is None
    # the newest runs first; the stranger's pipeline never appears
    table = block(figures, "runs_table")
    newest = sorted(seeded.runs, key=lambda r: r["at"], reverse=True)[:100]
    assert [t["created_at"] for t in table] == [r["at"] for r in newest]
    assert {t["pipeline_id"] for t in table} <= {seeded.mine.pk, seeded.tagged.pk}
    issues = block(figures, "quality_issues")
    assert [i["rule"] for i in issues] == ["open_rule"]
    html = report_html(figures)
    assert "Secret payroll" not in html and "payroll_rule" not in html
    assert f"<dd>{kpis['runs']}</dd>" in html and f"<dd>{kpis['rows']}</dd>" in html
    assert f"{round(kpis['success_rate'] * 100, 1)} %" in html
    assert html.count("<svg") == 3


def test_window_filters_and_range(editor, seeded):
    day = report_create(user=editor, name="Day", blocks=[{"kind": "kpis"}], window="24h")
    recent = [r for r in seeded.runs if r["at"] >= seeded.now - timedelta(hours=24)]
    assert block(report_figures(report=day, user=editor, now=seeded.now), "kpis")["runs"] == len(recent)

    tagged = report_create(user=editor, name="Finance", blocks=[{"kind": "kpis"}], tags=["finance"])
    only = [r for r in seeded.runs if r["pipeline"] == seeded.tagged.pk]
    assert block(report_figures(report=tagged, user=editor, now=seeded.now), "kpis") == expected_kpis(only)

    picked = report_create(user=editor, name="Orders", blocks=[{"kind": "kpis"}], pipelines=[seeded.mine.pk])
    only = [r for r in seeded.runs if r["pipeline"] == seeded.mine.pk]
    assert block(report_figures(report=picked, user=editor, now=seeded.now), "kpis") == expected_kpis(only)

    since, until = seeded.now - timedelta(days=4), seeded.now - timedelta(days=2)
    ranged = report_create(
        user=editor, name="Range", blocks=[{"kind": "kpis"}], window="range", since=since, until=until
    )
    inside = [r for r in seeded.runs if since <= r["at"] < until]
    assert block(report_figures(report=ranged, user=editor), "kpis") == expected_kpis(inside)


def test_a_shared_reader_sees_only_the_pipelines_they_may_see(editor, viewer, seeded):
    report = report_create(user=editor, name="Shared", blocks=[{"kind": "kpis"}], shared_with_users=[viewer.username])
    assert block(report_figures(report=report, user=viewer, now=seeded.now), "kpis")["runs"] == 0
    seeded.mine.shared_with_users.add(viewer)
    only = [r for r in seeded.runs if r["pipeline"] == seeded.mine.pk]
    assert block(report_figures(report=report, user=viewer, now=seeded.now), "kpis") == expected_kpis(only)


def test_query_count_does_not_grow_with_the_runs(editor, stranger, django_assert_max_num_queries):
    from tests.reports.conftest import seed_history

    small = seed_history(editor, stranger, runs=3, seed=1)
    report = report_create(user=editor, name="All", blocks=ALL_BLOCKS)
    with django_assert_max_num_queries(12) as few:
        report_figures(report=report, user=editor, now=small.now)
    seed_history(editor, stranger, runs=60, seed=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        report_figures(report=report, user=editor, now=small.now)


def test_insights_block_lists_the_open_insights_of_the_report_pipelines(editor, seeded):
    from insights.models import Insight

    def insight(pipeline, title, state="open"):
        return Insight.objects.create(
            pipeline=pipeline, kind="slow_node", node_key="src", fingerprint=f"slow_node:{title}", title=title,
            explanation="x", state=state,
        )  # fmt: skip

    shown = insight(seeded.mine, "src is the slowest node")
    insight(seeded.mine, "dismissed one", state="dismissed")
    insight(seeded.other, "payroll insight")
    insight(seeded.tagged, "tagged insight")
    report = report_create(user=editor, name="Ins", blocks=[{"kind": "insights"}], pipelines=[seeded.mine.pk])
    figures = report_figures(report=report, user=editor, now=seeded.now)
    rows = block(figures, "insights")
    assert [r["id"] for r in rows] == [shown.pk] and rows[0]["kind"] == "Slowest node"
    html = report_html(figures)
    assert "src is the slowest node" in html and "payroll insight" not in html and "tagged insight" not in html


def test_pipeline_owners_filter(editor, stranger, staff, seeded):
    report = report_create(user=staff, name="Editor's", blocks=[{"kind": "kpis"}], pipeline_owners=[editor.username])
    assert block(report_figures(report=report, user=staff, now=seeded.now), "kpis") == expected_kpis(seeded.runs)
    theirs = report_create(
        user=staff, name="Stranger's", blocks=[{"kind": "kpis"}], pipeline_owners=[stranger.username]
    )
    figures = report_figures(report=theirs, user=staff, now=seeded.now)
    assert [p["name"] for p in figures["pipelines"]] == ["Secret payroll"]
    assert block(report_figures(report=theirs, user=editor, now=seeded.now), "kpis")["runs"] == 0  # not theirs to see
