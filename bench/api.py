"""API latency: seeds 100,000 executions and 1,000,000 step runs (50 pipelines of 10 nodes, 30 days) in
the bench database with INSERT ... SELECT generate_series (a few seconds; re-runs reuse the data), two
quality results per finished run (about 200,000), two quality issues per pipeline, and 40 insights per
pipeline with five history lines each; folds the monitoring rollups (as celery beat keeps them: the first
run after a seed is the backfill); then times every monitoring, quality and insights endpoint with
Django's test Client as a superuser (and a few as a non-admin owner, through the visibility filter): 3
warm-up then 30 requests each, p50/p95 in ms. The endpoints backed by the monitoring sealed cache
(monitoring/selectors/sealed_cache.py) are timed again with it off ("cold p95": what the first request
after the window's settled part moved costs, once per five minutes per window and filter); the streamed
exports also print the p95 to their first chunk. It also times one real insights refresh of a pipeline of
2,000 runs (20,000 step runs).

Targets: monitoring (issue 7) under 200 ms at p95 (aim 50 ms); quality and insights (issue 17) under
100 ms; issue 19: every endpoint under 50 ms at p95 at BENCH_SCALE=10 (1,000,000 executions, 10,000,000
step runs, in the database sluice_bench_x10), which is then the target of every line. BENCH_REQUESTS
overrides 30; BENCH_RESEED=1 drops and seeds the data again; BENCH_SEED_ONLY=1 seeds (and folds) and times
nothing; BENCH_ONLY=quality,insights (comma-separated words matched against the URL) times only those
endpoints. The execution and quality exports keep their settled part in the same cache (monitoring/exports.py,
quality/exports.py), so they get a cold p95 too.
"""

from __future__ import annotations

import gc
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# BENCH_SCALE=10: ten times the executions and step runs (1,000,000 and 10,000,000), and so the quality
# results, in a database of its own (sluice_bench_x10) so the scale-1 data is not seeded again.
SCALE = int(os.environ.get("BENCH_SCALE", "1"))
if SCALE != 1:
    os.environ.setdefault("SLUICE_BENCH_DB", f"sluice_bench_x{SCALE}")

from bench._harness import setup_django  # noqa: E402  (reads SLUICE_BENCH_DB on import)

EXECUTIONS = 100_000 * SCALE
NODES = 10  # step runs per execution: 1,000,000 in all
PIPELINES = 50
DAYS = 30
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
TARGET_MS = 200.0
# Issue 17: the quality and insights endpoints answer under 100 ms at p95.
TARGETS_MS = {"/api/quality/": 100.0, "/api/insights/": 100.0}
SCALE_TARGET_MS = 50.0  # issue 19: every endpoint at BENCH_SCALE=10
ONLY = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]
RULES = ("ids_present", "amount_positive")
INSIGHTS_PER_PIPELINE = 40
SPACING_SECONDS = DAYS * 86400 // EXECUTIONS if SCALE == 1 else DAYS * 86400 / EXECUTIONS  # 25 s, 2.592 s at x10


def _graph() -> dict:
    nodes = [
        {"key": f"n{k}", "type": "transform.limit", "config": {"n": 10}, "position": {"x": 200 * k, "y": 0}}
        for k in range(NODES)
    ]
    edges = [
        {"source": f"n{k}", "source_port": "out", "target": f"n{k + 1}", "target_port": "in"} for k in range(NODES - 1)
    ]
    return {"nodes": nodes, "edges": edges}


def seed() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from executions.models import Execution, PipelineDependency
    from pipelines.models import Pipeline, PipelineVersion

    User = get_user_model()
    if os.environ.get("BENCH_RESEED") == "1":
        Execution.objects.all().delete()
    if Execution.objects.count() >= EXECUTIONS:
        print(f"reusing the seeded data ({Execution.objects.count():,} executions)")
        return
    started = time.monotonic()
    with transaction.atomic():
        Execution.objects.all().delete()
        admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True, "is_staff": True})
        owner, _ = User.objects.get_or_create(username="bench-owner")
        owner.groups.add(Group.objects.get_or_create(name="editor")[0])
        Pipeline.objects.filter(slug__startswith="bench-api-").delete()
        pipelines = []
        for i in range(PIPELINES):
            p = Pipeline.objects.create(
                name=f"Bench API {i}",
                slug=f"bench-api-{i}",
                owner=owner if i % 2 == 0 else admin,
                schedule_cron="*/15 * * * *",
                schedule_enabled=True,
            )
            v = PipelineVersion.objects.create(pipeline=p, number=1, graph=_graph(), content_hash=f"bench-{i}")
            Pipeline.objects.filter(pk=p.pk).update(current_version=v)
            pipelines.append((p.pk, v.pk))
        for (up, _), (down, _) in itertools.pairwise(pipelines[:10]):
            PipelineDependency.objects.create(upstream_id=up, downstream_id=down)
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE bench_p (i int, pipeline_id bigint, version_id bigint) ON COMMIT DROP")
            cur.executemany(
                "INSERT INTO bench_p VALUES (%s, %s, %s)", [(i, p, v) for i, (p, v) in enumerate(pipelines)]
            )
            # g = 1 is the newest; the 20 newest are running, every 10th failed, every 97th cancelled.
            cur.execute(
                f"""
                INSERT INTO executions_execution (pipeline_id, version_id, status, trigger, params, priority,
                    correlation_id, artifact_key, created_at, started_at, finished_at, fuse_chains, rows_in,
                    rows_out, error)
                SELECT p.pipeline_id, p.version_id,
                    CASE WHEN g <= 20 THEN 'running' WHEN g % 10 = 0 THEN 'failed'
                         WHEN g % 97 = 0 THEN 'cancelled' ELSE 'succeeded' END,
                    'schedule', '{{}}', 5, '', gen_random_uuid(),
                    now() - g * interval '{SPACING_SECONDS} seconds',
                    now() - g * interval '{SPACING_SECONDS} seconds' + interval '1 second',
                    CASE WHEN g <= 20 THEN NULL
                         ELSE now() - g * interval '{SPACING_SECONDS} seconds' + (2 + g % 60) * interval '1 second' END,
                    true, 1000 + g % 5000, 900 + g % 5000,
                    CASE WHEN g % 10 = 0 THEN 'node n5 failed: bench error ' || (g % 7) ELSE '' END
                FROM generate_series(1, {EXECUTIONS}) AS g
                JOIN bench_p p ON p.i = g % {PIPELINES}
                """
            )
            cur.execute(
                f"""
                INSERT INTO executions_steprun (execution_id, node_key, node_type, "group", position, status,
                    attempt, max_attempts, retry_backoff_seconds, timeout_seconds, remaining_upstream, worker,
                    queued_at, started_at, finished_at, heartbeat_at, rows_in, rows_out, bytes_out, duration_ms,
                    cpu_seconds, peak_rss_bytes, progress, error, traceback, artifacts, output_rows, report, pool)
                SELECT e.id, 'n' || k, 'transform.limit', 'n' || k, 0, s.status, 1, 1, 5.0, 3600, 0,
                    CASE WHEN s.status IN ('pending', 'skipped') THEN '' ELSE 'bench-host:1:w' || (e.id % 4) END,
                    e.started_at, st.t,
                    CASE WHEN s.status IN ('succeeded', 'failed') THEN st.t + d.ms * interval '1 millisecond' END,
                    st.t, e.rows_in, CASE WHEN s.status = 'succeeded' THEN e.rows_out END, 1000 * e.rows_out,
                    CASE WHEN s.status IN ('succeeded', 'failed') THEN d.ms END,
                    d.ms / 1500.0, 50000000 + (e.id * 7919 + k) % 100000000,
                    CASE WHEN s.status = 'succeeded' THEN 1.0 ELSE 0.0 END,
                    CASE WHEN s.status = 'failed' THEN e.error ELSE '' END, '', '{{}}', '{{}}', '{{}}', ''
                FROM executions_execution e
                CROSS JOIN generate_series(0, {NODES - 1}) AS k
                CROSS JOIN LATERAL (SELECT 50 + ((e.id * 31 + k * 17) % 2000) * (1 + k % 3) AS ms) d
                CROSS JOIN LATERAL (SELECT e.started_at + k * interval '100 milliseconds' AS t) st
                CROSS JOIN LATERAL (SELECT CASE
                    WHEN e.status = 'failed' AND k = 5 THEN 'failed'
                    WHEN e.status = 'failed' AND k > 5 THEN 'skipped'
                    WHEN e.status = 'cancelled' AND k >= 5 THEN 'cancelled'
                    WHEN e.status = 'running' AND k = 5 THEN 'running'
                    WHEN e.status = 'running' AND k > 5 THEN 'pending'
                    ELSE 'succeeded' END AS status) s
                """
            )
            cur.execute("DELETE FROM monitoring_metricsample WHERE host = 'bench-host'")
            cur.execute(
                """
                INSERT INTO monitoring_metricsample (ts, source, host, cpu_percent, memory_percent,
                    memory_used_bytes, disk_percent, net_sent_bytes, net_recv_bytes)
                SELECT now() - s * interval '5 seconds', 'worker', 'bench-host', s % 100, 40 + s % 20,
                    4000000000 + s, 50, s * 1000, s * 2000
                FROM generate_series(0, 17280 * 3) AS s
                """
            )
    with connection.cursor() as cur:
        # The steady state autovacuum keeps: a visibility map, so covering indexes are index-only scans.
        for table in ("executions_execution", "executions_steprun"):
            cur.execute(f"VACUUM ANALYZE {table}")
        cur.execute("ANALYZE")
    print(f"seeded {Execution.objects.count():,} executions in {time.monotonic() - started:.1f} s")


def _insert_select(table_model, explicit: dict[str, str], source: str) -> None:
    """INSERT INTO the model's table (explicit column -> SQL expression over ``source``), every other column
    from the model's default (or NULL), so that fields added later need no change here."""
    from django.db import connection

    columns, values, params = [], [], []
    for f in table_model._meta.concrete_fields:
        if f.column == "id":
            continue
        columns.append(f'"{f.column}"')
        if f.column in explicit:
            values.append(explicit[f.column].replace("%", "%%"))  # a parameterised statement
        elif f.has_default():
            values.append("%s")
            params.append(f.get_db_prep_save(f.get_default(), connection))
        else:
            values.append("NULL")
    source = source.replace("%", "%%")
    sql = f"INSERT INTO {table_model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(values)} {source}"
    with connection.cursor() as cur:
        cur.execute(sql, params)


def seed_quality_and_insights() -> None:
    """Two quality results per finished run (every 13th failing), two open issues per pipeline; 40 insights
    per pipeline (30 closed, 8 open, 2 dismissed) with five history lines each. Reused when present."""
    from django.db import connection, transaction

    from insights.models import Insight, InsightEvent
    from quality.models import QualityIssue, QualityResult

    if QualityResult.objects.exists() and Insight.objects.exists() and os.environ.get("BENCH_RESEED") != "1":
        print(f"reusing {QualityResult.objects.count():,} quality results, {Insight.objects.count():,} insights")
        return
    started = time.monotonic()
    with transaction.atomic():
        QualityResult.objects.all().delete()
        QualityIssue.objects.all().delete()
        Insight.objects.all().delete()
        _insert_select(
            QualityResult,
            {
                "pipeline_id": "e.pipeline_id",
                "execution_id": "e.id",
                "version_number": "1",
                "node_key": "'n7'",
                "rule": "r.rule",
                "rule_type": "'not_null'",
                "rows_checked": "e.rows_out",
                "failed_rows": "CASE WHEN (e.id + r.i) % 13 = 0 THEN 1 + e.id % 50 ELSE 0 END",
                "failure_rate": "CASE WHEN (e.id + r.i) % 13 = 0 THEN (1 + e.id % 50)::float / e.rows_out ELSE 0 END",
                "passed": "(e.id + r.i) % 13 <> 0",
                "message": "''",
                "run_at": "e.finished_at",
                "created_at": "e.finished_at",
            },
            f"FROM executions_execution e CROSS JOIN (VALUES (0, '{RULES[0]}'), (1, '{RULES[1]}')) AS r(i, rule) "
            "WHERE e.finished_at IS NOT NULL",
        )
        _insert_select(
            QualityIssue,
            {
                "pipeline_id": "p.id",
                "node_key": "'n7'",
                "rule": "r.rule",
                "rule_type": "'not_null'",
                "first_seen": "now() - interval '20 days'",
                "last_seen": "now() - interval '1 hour'",
                "last_run_at": "now() - interval '1 hour'",
                "affected_runs": "150",
                "affected_rows": "3000",
            },
            f"FROM pipelines_pipeline p CROSS JOIN (VALUES ('{RULES[0]}'), ('{RULES[1]}')) AS r(rule) "
            "WHERE p.slug LIKE 'bench-api-%'",
        )
        _insert_select(
            Insight,
            {
                "pipeline_id": "p.id",
                "kind": "(ARRAY['duration_regression','rows_regression','slow_node','failing_node','duration_growth',"
                "'output_growth','filter_before_join','sort_limit','unfused_chain','unused_columns',"
                "'memory_pressure'])[1 + k % 11]",
                "node_key": "'n' || (k % 10)",
                "fingerprint": "'bench:' || k",
                "severity": "(ARRAY['info','warning','critical'])[1 + k % 3]",
                "state": "CASE WHEN k < 30 THEN 'closed' WHEN k < 38 THEN 'open' ELSE 'dismissed' END",
                "title": "'Bench insight ' || k || ' of pipeline ' || p.id",
                "explanation": "repeat('An explanation of the finding with its figures. ', 6)",
                "evidence": """('{"runs": [1, 2, 3, 4, 5], "links": [{"label": "Run #5", "url": "/executions/5/"}], '
                || '"figures": {"baseline_median": 11.0, "recent_median": 21.0, "score": 6.7, "change": 0.9}}')
                ::jsonb""",
                "first_seen": "now() - (k || ' hours')::interval - interval '10 days'",
                "last_seen": "now() - (k || ' hours')::interval",
                "closed_at": "CASE WHEN k < 30 THEN now() - (k || ' hours')::interval END",
            },
            f"FROM pipelines_pipeline p CROSS JOIN generate_series(0, {INSIGHTS_PER_PIPELINE - 1}) AS k "
            "WHERE p.slug LIKE 'bench-api-%'",
        )
        _insert_select(
            InsightEvent,
            {
                "insight_id": "i.id",
                "kind": "(ARRAY['opened','updated','closed','reopened','updated'])[1 + g]",
                "created_at": "i.first_seen + g * interval '1 hour'",
            },
            "FROM insights_insight i CROSS JOIN generate_series(0, 4) AS g",
        )
    with connection.cursor() as cur:
        # The steady state autovacuum keeps: a visibility map, so counts are index-only scans.
        for table in ("quality_qualityresult", "quality_qualityissue", "insights_insight", "insights_insightevent"):
            cur.execute(f"VACUUM ANALYZE {table}")
    print(
        f"seeded {QualityResult.objects.count():,} quality results, {QualityIssue.objects.count():,} issues, "
        f"{Insight.objects.count():,} insights in {time.monotonic() - started:.1f} s"
    )


def fold_rollups() -> None:
    """Fold the sealed hours into the monitoring rollups, as celery beat's ``sluice-rollups`` keeps them in
    production (the first call after a seed is the backfill: 720 hours)."""
    from monitoring.services.rollups import rollups_refresh_all

    started = time.monotonic()
    hours = rollups_refresh_all()
    print(f"folded {hours} hours into the monitoring rollups in {time.monotonic() - started:.1f} s")


def time_insights_refresh() -> None:
    """One real generation of a bench pipeline (history reads, change points, trends, rankings, the graph
    recommendations), as after a run (no validation: the periodic refresh validates the graph in the
    interactive pool, whose cost is that of any validation), in a transaction rolled back so the seeded
    insights stay as they are. Best of three."""
    from django.db import transaction

    from insights.services.generate import insights_refresh
    from pipelines.models import Pipeline

    p = Pipeline.objects.get(slug="bench-api-3")
    timings = []
    for _ in range(3):
        with transaction.atomic():
            t0 = time.perf_counter()
            counts = insights_refresh(pipeline_id=p.pk, with_lineage=False)
            timings.append((time.perf_counter() - t0) * 1000)
            transaction.set_rollback(True)
    runs = EXECUTIONS // PIPELINES
    print(f"insights refresh of one pipeline ({runs:,} runs, {runs * NODES:,} step runs): {min(timings):.0f} ms")
    print(f"  {counts}")


def measure() -> list[tuple[str, str, float, float, int]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from executions.models import Execution
    from pipelines.models import Pipeline

    User = get_user_model()
    admin = Client()
    admin.force_login(User.objects.get(username="bench-admin"))
    owner = Client()
    owner.force_login(User.objects.get(username="bench-owner"))
    p = Pipeline.objects.get(slug="bench-api-1")
    p_owned = Pipeline.objects.get(slug="bench-api-2")
    finished = Execution.objects.filter(pipeline=p, status="succeeded").order_by("-created_at").first()
    old = Execution.objects.filter(pipeline=p, status="succeeded").order_by("created_at").first()
    cases = [
        ("admin", admin, "/api/monitoring/summary/?window=24h"),
        ("admin", admin, "/api/monitoring/summary/?window=7d"),
        ("owner", owner, "/api/monitoring/summary/?window=24h"),
        ("admin", admin, "/api/monitoring/active/"),
        ("owner", owner, "/api/monitoring/active/"),
        ("admin", admin, "/api/monitoring/stages/?window=24h"),
        ("owner", owner, "/api/monitoring/stages/?window=24h"),
        ("admin", admin, f"/api/monitoring/stages/?pipeline={p.pk}&window=7d"),
        ("admin", admin, f"/api/monitoring/stages/?pipeline={p.pk}&window=30d"),
        ("admin", admin, f"/api/monitoring/stages/{p.pk}/n5/history/?window=24h&bucket=15m"),
        ("admin", admin, f"/api/monitoring/stages/{p.pk}/n5/history/?window=30d&bucket=6h"),
        ("admin", admin, f"/api/pipelines/{p.pk}/dependency-graph/"),
        ("owner", owner, f"/api/pipelines/{p_owned.pk}/dependency-graph/"),
        ("admin", admin, f"/api/pipelines/{p.pk}/state/"),
        ("admin", admin, f"/api/executions/{finished.pk}/timeline/"),
        ("admin", admin, f"/api/executions/{old.pk}/timeline/"),
        ("admin", admin, "/api/monitoring/exports/stages/?format=csv&window=24h"),
        ("admin", admin, f"/api/monitoring/exports/executions/?format=csv&window=24h&pipeline={p.pk}"),
        ("admin", admin, "/api/monitoring/exports/executions/?format=csv&window=24h"),
        ("admin", admin, "/api/monitoring/exports/executions/?format=parquet&window=24h"),
        *_quality_and_insights_cases(admin, owner, p, p_owned),
    ]
    if ONLY:
        cases = [c for c in cases if any(w in c[2] for w in ONLY)]
    results = []
    for who, client, url in cases:
        p50, p95, size = _time(client, url)
        cold = _time(client, url, sealed_cache=False)[1] if _reads_rollups(url) else None
        results.append((who, url, p50, p95, size, cold))
    return results


def _reads_rollups(url: str) -> bool:
    cached = (
        "/monitoring/summary/",
        "/monitoring/stages/",
        "/exports/",
        "/results/export/",
        "dependency-graph",
        "/active/",
    )
    return any(w in url for w in cached)


def _time(client, url: str, *, sealed_cache: bool = True) -> tuple[float, float, int]:
    """p50 and p95 ms of REQUESTS requests after 3 warm-ups, and the body's size. ``sealed_cache=False``: with
    the monitoring sealed cache off (monitoring/selectors/sealed_cache.py), as the first request after the
    window's settled part moved (once per five minutes per window and filter)."""
    from django.conf import settings

    settings.SLUICE_ROLLUP_CACHE = sealed_cache
    timings, first_bytes = [], []
    try:
        for i in range(3 + REQUESTS):
            t0 = time.perf_counter()
            r = client.get(url)
            if r.status_code != 200:
                raise SystemExit(f"{url}: HTTP {r.status_code} {r.content[:300]!r}")
            if r.streaming:
                chunks = iter(r.streaming_content)
                size = len(next(chunks, b""))
                first_byte = (time.perf_counter() - t0) * 1000
                size += sum(len(c) for c in chunks)
            else:
                size, first_byte = len(r.content), None
            if i >= 3:
                timings.append((time.perf_counter() - t0) * 1000)
                if first_byte is not None:
                    first_bytes.append(first_byte)
    finally:
        settings.SLUICE_ROLLUP_CACHE = True
    if first_bytes and sealed_cache:
        FIRST_BYTE[url] = _p95(first_bytes)
    return statistics.median(timings), _p95(timings), size


FIRST_BYTE: dict[str, float] = {}  # p95 ms to the first chunk of a streamed body (the exports), by URL


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def _quality_and_insights_cases(admin, owner, p, p_owned) -> list:
    from insights.models import Insight
    from quality.models import QualityIssue

    issue = QualityIssue.objects.filter(pipeline=p).first()
    insight = Insight.objects.filter(pipeline=p, state="open").first()
    owned_insight = Insight.objects.filter(pipeline=p_owned, state="open").first()
    return [
        ("admin", admin, "/api/quality/results/"),
        ("owner", owner, "/api/quality/results/"),
        ("admin", admin, f"/api/quality/results/?pipeline={p.pk}"),
        ("admin", admin, f"/api/quality/results/?pipeline={p.pk}&rule={RULES[0]}&failed=true"),
        ("admin", admin, f"/api/quality/results/export/?format=csv&pipeline={p.pk}"),
        ("admin", admin, f"/api/quality/results/export/?format=parquet&pipeline={p.pk}"),
        ("owner", owner, f"/api/quality/results/export/?format=csv&pipeline={p_owned.pk}"),
        ("admin", admin, f"/api/quality/summary/?pipeline={p.pk}"),
        ("owner", owner, f"/api/quality/summary/?pipeline={p_owned.pk}"),
        ("admin", admin, "/api/quality/issues/"),
        ("owner", owner, "/api/quality/issues/?status=open"),
        ("admin", admin, f"/api/quality/issues/{issue.pk}/"),
        ("admin", admin, "/api/insights/"),
        ("owner", owner, "/api/insights/"),
        ("admin", admin, "/api/insights/?state=all"),
        ("admin", admin, "/api/insights/?state=all&page=20"),
        ("admin", admin, f"/api/insights/?pipeline={p.pk}&state=all"),
        ("admin", admin, "/api/insights/?kind=slow_node&window=7d"),
        ("admin", admin, f"/api/insights/{insight.pk}/"),
        ("owner", owner, f"/api/insights/{owned_insight.pk}/"),
    ]


def time_quality_export_peers() -> None:
    """The quality CSV export through COPY (quality.exports on PostgreSQL) against its peer in the same run,
    the Python writer it replaced (rows through the ORM, still used on SQLite): interleaved, p50 and p95 ms."""
    from django.contrib.auth import get_user_model

    from pipelines.models import Pipeline
    from quality import exports
    from quality.selectors import parse_span, results_filtered

    admin = get_user_model().objects.get(username="bench-admin")
    p = Pipeline.objects.get(slug="bench-api-1")
    qs = results_filtered(user=admin, span=parse_span(None, None), pipeline_id=p.pk)
    ways = {
        "COPY": lambda: b"".join(exports._copy(qs[: exports.MAX_ROWS], empty_is_null=True)),
        "python": lambda: "".join(exports._csv(exports._rows(qs[: exports.MAX_ROWS]))).encode(),
    }
    timings: dict[str, list[float]] = {k: [] for k in ways}
    sizes = {k: len(f()) for k, f in ways.items()}  # warm-up
    for _ in range(REQUESTS):
        for name, way in ways.items():
            t0 = time.perf_counter()
            way()
            timings[name].append((time.perf_counter() - t0) * 1000)
    p95 = {k: sorted(v)[round(0.95 * (len(v) - 1))] for k, v in timings.items()}
    for name in ways:
        p50 = statistics.median(timings[name])
        print(f"quality CSV export body, {name:6}: p50 {p50:6.1f} ms, p95 {p95[name]:6.1f} ms, {sizes[name]:,} bytes")
    same = len(set(sizes.values())) == 1
    print(f"  COPY / python writer at p95: {p95['COPY'] / p95['python']:.2f}x; same size: {same}")


def target_of(url: str) -> float:
    if SCALE >= 10:
        return SCALE_TARGET_MS
    return next((t for prefix, t in TARGETS_MS.items() if url.startswith(prefix)), TARGET_MS)


def main() -> None:
    setup_django(executor="inline", extra_env={"SLUICE_WEB_SAMPLER": "0"})
    seed()
    fold_rollups()
    seed_quality_and_insights()
    if os.environ.get("BENCH_SEED_ONLY") == "1":
        return
    if not ONLY or any("insight" in w for w in ONLY):
        time_insights_refresh()
    if not ONLY or any("quality" in w for w in ONLY):
        time_quality_export_peers()
    # As the web process does once it has started (config/asgi.py): what is loaded by now stays out of the
    # cyclic GC. Without it a full pass over this process's heap (the seeding's and Django's objects) took
    # 227 ms once in about 1,000 requests of a line, inside a timed request.
    gc.collect()
    gc.freeze()
    results = measure()
    width = max(len(url) for _, url, *_ in results)
    print(f"load average: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print("cold p95: the same requests with the sealed cache off (the first one after the settled part moved)")
    head = f"{'who':6} {'endpoint':{width}} {'p50 ms':>8} {'p95 ms':>8} {'cold p95':>8} {'target':>7} {'bytes':>9}"
    print(head)
    for who, url, p50, p95, size, cold in results:
        miss = "  MISS" if p95 > target_of(url) else ""
        miss += " (cold MISS)" if cold is not None and cold > target_of(url) else ""
        cold_text = f"{cold:8.1f}" if cold is not None else f"{'-':>8}"
        print(f"{who:6} {url:{width}} {p50:8.1f} {p95:8.1f} {cold_text} {target_of(url):7.0f} {size:9,}{miss}")
    worst = max(results, key=lambda r: r[3] / target_of(r[1]))
    print(
        f"worst p95 against its target: {worst[3]:.1f} ms ({worst[1]}, {worst[0]}) vs {target_of(worst[1]):.0f} ms: "
        f"ratio {worst[3] / target_of(worst[1]):.2f}"
    )
    for url, ms in FIRST_BYTE.items():
        print(f"first byte of a streamed body, p95: {ms:.1f} ms ({url})")
    colds = [r for r in results if r[5] is not None]
    if colds:
        c = max(colds, key=lambda r: r[5] / target_of(r[1]))
        print(f"worst cold p95 (sealed cache off): {c[5]:.1f} ms ({c[1]}, {c[0]}) vs {target_of(c[1]):.0f} ms")
    if worst[3] > target_of(worst[1]):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
