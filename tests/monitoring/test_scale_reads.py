"""The reads reworked for 1,000,000 executions (issue 19): the packed durations and their percentiles, the
active runs' ETA walk bounded by the stage rollups, and the execution exports through COPY. Each is
compared with the plain computation it replaced."""

from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timedelta

import numpy as np
import polars as pl
import pytest
from django.db import connection
from django.utils import timezone

from core.sql import percentile_cont
from executions.models import Execution, StepRun
from monitoring import exports
from monitoring.models import RollupState, StageHour
from monitoring.selectors import overview
from monitoring.selectors.rollup_reads import _durations, percentile_cont_of
from monitoring.selectors.windows import parse_window
from monitoring.services.rollups import rollups_refresh_all
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's reads")


# --- percentiles of packed durations ------------------------------------------------------------


def test_percentile_cont_of_equals_postgres_formula_on_sorted_values():
    rng = random.Random(19)
    for n in [1, 2, 3, 4, 5, 10, 19, 20, 21, 100, 997]:
        values = [float(rng.choice([rng.randint(1, 40), rng.random() * 1000])) for _ in range(n)]
        shuffled = np.array(values)
        for fraction in (0.5, 0.95):
            assert percentile_cont_of(shuffled, fraction) == percentile_cont(sorted(values), fraction), (n, fraction)
    assert percentile_cont_of(np.empty(0), 0.95) is None


@postgres_only
def test_packed_durations_round_trip_through_float8send():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT string_agg(float8send(v), ''::bytea ORDER BY o) "
            "FROM unnest(%s::float8[]) WITH ORDINALITY AS x(v, o)",
            [[1.5, 2.25, 1e300, 0.1, -0.0]],
        )
        packed = cur.fetchone()[0]
    assert _durations(packed).tolist() == [1.5, 2.25, 1e300, 0.1, -0.0]
    assert _durations(b"").tolist() == [] and _durations(None).tolist() == []


@postgres_only
def test_percentiles_from_packed_durations_equal_percentile_cont_in_the_database():
    values = [3.0, 3.0, 7.25, 1.0, 100.5, 42.0, 42.0, 0.001, 9.0]
    with connection.cursor() as cur:
        cur.execute(
            "SELECT string_agg(float8send(v), ''::bytea), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            "percentile_cont(0.95) WITHIN GROUP (ORDER BY v) FROM unnest(%s::float8[]) AS x(v)",
            [values],
        )
        packed, p50, p95 = cur.fetchone()
    got = _durations(packed)
    assert (percentile_cont_of(got, 0.5), percentile_cont_of(got, 0.95)) == (p50, p95)


@postgres_only
def test_rollup_rows_folded_before_the_packed_column_give_the_same_answers(history, monkeypatch, settings):
    """Rows folded by the previous version have no packed durations: their lists are packed on the fly."""
    settings.SLUICE_ROLLUP_CACHE = False  # each answer from the rollup rows as they are
    import monitoring.selectors.windows as windows
    from monitoring.models import ExecutionHour
    from monitoring.selectors import stages

    now = history["now"]
    rollups_refresh_all(now=now)
    monkeypatch.setattr(windows.timezone, "now", lambda: now)
    user, window = history["busy"].owner, parse_window("7d")
    assert StageHour.objects.exclude(durations_packed=b"").exists()

    def answers():
        return overview.monitoring_summary(user=user, window=window)["executions"], stages.stage_metrics(
            user=user, window=window
        )

    packed = answers()
    assert ExecutionHour.objects.update(durations_packed=None) and StageHour.objects.update(durations_packed=None)
    assert answers() == packed
    assert packed[0]["p95_duration_s"] is not None and packed[1][0]["p95_ms"] is not None


# --- the active runs' expected durations ------------------------------------------------------------


def _expected_plainly(pairs) -> dict:
    """The definition: the upper median of the last 20 successful durations (newest executions first)."""
    out = {}
    for pipeline_id, key in pairs:
        ms = list(
            StepRun.objects.filter(
                execution__pipeline_id=pipeline_id, node_key=key, status="succeeded", duration_ms__isnull=False
            )
            .order_by("-execution__created_at")
            .values_list("duration_ms", flat=True)[: overview.EXPECTED_RUNS]
        )
        if ms:
            ms.sort()
            out[(pipeline_id, key)] = ms[len(ms) // 2] / 1000.0
    return out


@pytest.fixture
def history(editor):
    now = timezone.now()
    busy = pipeline_for(editor, "Busy")
    broken = pipeline_for(editor, "Broken")
    for i in range(45):  # every 47 minutes over 35 hours: the 20 newest successes span many hours
        seed_run(
            busy,
            created=now - timedelta(minutes=25 + 47 * i),
            status="failed" if i % 4 == 0 else "succeeded",
            add_ms=100 + (i * 37) % 500,
            out_ms=1000 + i,
        )
        seed_run(broken, created=now - timedelta(minutes=30 + 61 * i), status="failed", add_ms=5)
    for p in (busy, broken):
        seed_run(p, created=now - timedelta(minutes=1), status="running", add_status="running")
    return {"now": now, "busy": busy, "broken": broken}


@postgres_only
def test_expected_durations_bounded_by_the_rollups_equal_the_definition(history):
    pairs = {(p.pk, key) for p in (history["busy"], history["broken"]) for key in ("src", "add", "out", "nope")}
    before = overview.expected_durations(pairs)  # no rollups yet: the walk is not bounded
    assert rollups_refresh_all(now=history["now"]) > 30
    bounded = overview.expected_durations(pairs)
    assert bounded == before == _expected_plainly(pairs)
    assert (history["busy"].pk, "add") in bounded and (history["broken"].pk, "add") not in bounded
    assert (history["broken"].pk, "src") in bounded  # the broken pipeline's first step succeeds


@postgres_only
def test_the_walk_reads_the_stage_rollups(history):
    """Remove the rollup rows of one node on purpose: its walk then starts at the sealed mark, and the
    successes before it no longer count (proof that the bound comes from the rollups)."""
    busy = history["busy"]
    rollups_refresh_all(now=history["now"])
    pair = (busy.pk, "add")
    full = overview.expected_durations({pair})
    assert full == _expected_plainly({pair}) and full
    StageHour.objects.filter(pipeline=busy, node_key="add").delete()
    mark = RollupState.objects.get().sealed_until
    # The newest run of "add" (25 minutes ago) failed; the one before is older than the current hour.
    assert not StepRun.objects.filter(
        execution__pipeline=busy, node_key="add", status="succeeded", execution__created_at__gte=mark
    ).exists()
    assert overview.expected_durations({pair}) == {}
    assert overview.expected_durations({(busy.pk, "out")}) == _expected_plainly({(busy.pk, "out")})


# --- exports through COPY ------------------------------------------------------------------------------


@pytest.fixture
def exported(editor):
    now = timezone.now()
    p = pipeline_for(editor, "Export")
    seed_run(p, created=now - timedelta(hours=3), seconds=12.345678)
    seed_run(p, created=now - timedelta(hours=2), status="failed", error='boom, "quoted"\nsecond line')
    seed_run(p, created=now - timedelta(hours=1), seconds=1.0)
    seed_run(p, created=now - timedelta(minutes=5), status="running", add_status="running")
    return p


def _parsed(value: str, dtype) -> object:
    if value == "":
        return None
    if dtype == exports.UTC_DT:
        return datetime.fromisoformat(value)
    if dtype == pl.Float64:
        return float(value)
    if dtype == pl.Int64:
        return int(value)
    return value


@postgres_only
def test_copy_csv_equals_the_python_writer(client_for, editor, exported):
    r = client_for(editor).get("/api/monitoring/exports/executions/?format=csv&window=24h")
    assert r.status_code == 200 and r.streaming
    body = b"".join(r.streaming_content).decode()
    rows = exports.execution_export_rows(user=editor, window=parse_window("24h"))
    python = "".join(exports._csv_stream([n for n, _ in exports.EXECUTION_SCHEMA], rows.iterator()))
    copied, written = list(csv.reader(io.StringIO(body))), list(csv.reader(io.StringIO(python)))
    assert copied[0] == written[0] == [n for n, _ in exports.EXECUTION_SCHEMA]
    assert len(copied) == len(written) == 5
    for a, b in zip(copied[1:], written[1:], strict=True):
        types = [t for _, t in exports.EXECUTION_SCHEMA]
        assert [_parsed(v, t) for v, t in zip(a, types, strict=True)] == [
            _parsed(v, t) for v, t in zip(b, types, strict=True)
        ]
    assert 'boom, "quoted"\nsecond line' in {row[-1] for row in copied}
    assert body.count("\r\n") == 0  # both end lines with \n
    assert body == python  # byte for byte, times too (six digits of a fraction, as isoformat)


@postgres_only
def test_copy_parquet_keeps_empty_texts_and_nulls(client_for, editor, exported):
    r = client_for(editor).get(f"/api/monitoring/exports/executions/?format=parquet&pipeline={exported.pk}")
    frame = pl.read_parquet(io.BytesIO(r.content))
    assert r["X-Sluice-Truncated"] == "false" and frame.height == 4
    by_status = {row["status"]: row for row in frame.to_dicts()}
    assert by_status["succeeded"]["error"] == "" and by_status["running"]["finished_at"] is None
    assert by_status["running"]["duration_s"] is None
    assert sorted(frame["duration_s"].drop_nulls().to_list())[0] == 1.0
    ids = set(Execution.objects.filter(pipeline=exported).values_list("id", flat=True))
    assert set(frame["id"].to_list()) == ids


# --- plain rendering of the output serializers ------------------------------------------------------------


def test_plain_rendering_equals_drf_for_stages_history_and_active(history):
    from monitoring.api import serializers as out
    from monitoring.selectors import stages

    user = history["busy"].owner
    window = parse_window("7d")
    rows = stages.stage_metrics(user=user, window=window)
    assert any(r["last_error"] for r in rows) and any(r["last_error"] is None for r in rows)
    data = {**window.as_dict(), "stages": rows}
    assert out.plain_data(out.StagesOutput, data) == out.StagesOutput(data).data
    points = stages.stage_history(
        user=user, pipeline_id=history["busy"].pk, node_key="add", window=window, bucket_seconds=3600
    )
    data = {**window.as_dict(), "pipeline_id": 1, "node_key": "add", "bucket": "1h", "bucket_seconds": 3600}
    data["points"] = points
    assert out.plain_data(out.HistoryOutput, data) == out.HistoryOutput(data).data
    active = overview.executions_active_overview(user=user)
    assert len(active) == 2 and active[0]["steps"]
    assert out.plain_data(out.ActiveExecutionOutput, active, many=True) == (
        out.ActiveExecutionOutput(active, many=True).data
    )
