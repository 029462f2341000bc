"""The hourly rollups (monitoring/services/rollups.py): the rollup-backed figures equal the ones computed
from the raw rows, the sealed mark waits for active executions, and visibility holds."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from executions.models import Execution
from monitoring.models import ExecutionHour, RollupState, StageHour
from monitoring.selectors import overview, stages
from monitoring.selectors.windows import parse_window
from monitoring.services.rollups import floor_hour, rollups_refresh, rollups_refresh_all
from tests import factories
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the rollups are PostgreSQL's"),
]

FLOATS = {"cpu_seconds", "avg_duration_s", "avg_ms"}


def _close(a, b, path="") -> None:
    """Equal, floats of FLOATS within 1e-9 (sums of floats in another order)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            if k in FLOATS and isinstance(a[k], float) and isinstance(b[k], float):
                assert math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1.5e-3), f"{path}.{k}: {a[k]} != {b[k]}"
            else:
                _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


def _raw(monkeypatch):
    """The figures as computed from the raw rows only (the path SQLite takes)."""
    monkeypatch.setattr(stages, "rollups_usable", lambda: False)
    monkeypatch.setattr(overview, "rollups_usable", lambda: False)


def _seed(owner, other_owner, now: datetime):
    p1 = pipeline_for(owner, "Mine")
    p2 = pipeline_for(other_owner, "Theirs")
    for i in range(60):  # every ~47 minutes over two days, both pipelines, all statuses
        created = now - timedelta(minutes=20 + 47 * i, seconds=i)
        status = "failed" if i % 4 == 0 else "cancelled" if i % 11 == 0 else "succeeded"
        add_status = "cancelled" if status == "cancelled" else None
        seed_run(
            p1 if i % 3 else p2,
            created=created,
            status=status,
            add_status=add_status,
            seconds=3 + i % 7,
            rows=10 * i,
            add_ms=100 + (i * 37) % 500,
            cpu=0.1 * (i % 5),
            rss=1000 + i,
            error=f"boom {i}",
        )
    seed_run(p1, created=now - timedelta(minutes=2), status="running", add_status="running")
    return p1, p2


@pytest.fixture
def seeded(editor):
    now = timezone.now()
    other = factories.UserFactory(role="editor")
    admin = factories.UserFactory(role="admin")
    p1, p2 = _seed(editor, other, now)
    return {"now": now, "editor": editor, "admin": admin, "p1": p1, "p2": p2}


def _everything(s) -> dict:
    out = {}
    for who in ("admin", "editor"):
        user = s[who]
        for label in ("30m", "3h", "24h", "7d"):
            window = parse_window(label)
            summary = overview.monitoring_summary(user=user, window=window)
            summary.pop("until"), summary.pop("since")
            out[(who, label, "summary")] = summary
            out[(who, label, "stages")] = stages.stage_metrics(user=user, window=window)
            out[(who, label, "p1")] = stages.stage_metrics(user=user, window=window, pipeline_id=s["p1"].pk)
            out[(who, label, "keys")] = stages.stage_metrics(
                user=user, window=window, pipeline_id=s["p1"].pk, node_keys=["add", "nope"]
            )
        for label, bucket in (("24h", 3600), ("7d", 6 * 3600), ("7d", 86400), ("3h", 900)):
            window = parse_window(label)
            history = stages.stage_history(
                user=user, pipeline_id=s["p1"].pk, node_key="add", window=window, bucket_seconds=bucket
            )
            out[(who, label, bucket)] = [{k: v for k, v in h.items()} for h in history]
    return out


def _frozen(monkeypatch, now):
    """parse_window's now, fixed, so the two computations cover the same window."""
    import monitoring.selectors.windows as windows

    monkeypatch.setattr(windows.timezone, "now", lambda: now)


def test_rollup_figures_equal_the_raw_figures(seeded, monkeypatch):
    now = seeded["now"]
    folded = rollups_refresh_all(now=now)
    assert folded > 40  # two days of hours
    state = RollupState.objects.get()
    # The running execution (2 minutes old) holds the mark at its hour.
    assert state.sealed_until == min(floor_hour(now - timedelta(minutes=5)), floor_hour(now - timedelta(minutes=2)))
    assert StageHour.objects.filter(hour__lt=state.sealed_until).exists()
    assert ExecutionHour.objects.aggregate(n=Sum("total"))["n"] == (
        Execution.objects.filter(created_at__lt=state.sealed_until).count()
    )
    _frozen(monkeypatch, now)
    with_rollups = _everything(seeded)  # the sealed part read, and kept in the sealed cache
    from_cache = _everything(seeded)  # the same, from the sealed cache
    _raw(monkeypatch)
    from_raw = _everything(seeded)
    assert with_rollups.keys() == from_raw.keys() == from_cache.keys()
    for key in with_rollups:
        _close(with_rollups[key], from_raw[key], str(key))
        _close(from_cache[key], from_raw[key], f"cached {key}")
    # Something was there to compare: failures, percentiles and a last error.
    day = with_rollups[("admin", "24h", "stages")]
    add = next(r for r in day if r["node_key"] == "add" and r["pipeline_id"] == seeded["p1"].pk)
    assert add["failed"] > 0 and add["p95_ms"] is not None and add["last_error"]["message"].startswith("boom")
    assert with_rollups[("admin", "7d", "summary")]["top_failing_nodes"]


def test_the_rollup_answers_are_used_and_exact_for_a_window_inside_sealed_hours(seeded, monkeypatch, settings):
    """Break a rollup row on purpose: the answer changes, so the rollups are what is read."""
    settings.SLUICE_ROLLUP_CACHE = False  # (with it, the sealed part read before is kept: see test_rollup_cache)
    now = seeded["now"]
    rollups_refresh_all(now=now)
    _frozen(monkeypatch, now)
    window = parse_window("7d")
    before = overview.monitoring_summary(user=seeded["admin"], window=window)["executions"]["total"]
    ExecutionHour.objects.filter(pk=ExecutionHour.objects.order_by("hour").last().pk).update(total=1000)
    after = overview.monitoring_summary(user=seeded["admin"], window=window)["executions"]["total"]
    assert after > before


def test_an_active_execution_holds_the_mark_until_it_finishes(editor):
    now = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    p = pipeline_for(editor, "Slow")
    seed_run(p, created=now - timedelta(hours=30))
    slow = seed_run(p, created=now - timedelta(hours=5, minutes=10), status="running", add_status="running")
    rollups_refresh_all(now=now)
    assert RollupState.objects.get().sealed_until == floor_hour(slow.created_at)
    assert rollups_refresh(now=now) == 0
    Execution.objects.filter(pk=slow.pk).update(status="succeeded", finished_at=now)
    assert rollups_refresh(now=now) == 5  # 07:00 to 12:00
    assert RollupState.objects.get().sealed_until == datetime(2026, 3, 1, 12, tzinfo=UTC)
    # The hour of the slow run was folded once it had finished: its 3 steps are there.
    assert StageHour.objects.filter(hour=floor_hour(slow.created_at)).count() == 3


def test_no_state_means_every_row_is_read_raw(seeded, monkeypatch):
    """Before the first refresh (a fresh upgrade) the answers are the raw ones."""
    _frozen(monkeypatch, seeded["now"])
    window = parse_window("7d")
    first = overview.monitoring_summary(user=seeded["admin"], window=window)
    _raw(monkeypatch)
    raw = overview.monitoring_summary(user=seeded["admin"], window=window)
    first.pop("until"), raw.pop("until"), first.pop("since"), raw.pop("since")
    _close(first, raw)
    assert first["executions"]["total"] == 61


def test_other_users_pipelines_stay_hidden_in_the_rollups(seeded, monkeypatch):
    rollups_refresh_all(now=seeded["now"])
    _frozen(monkeypatch, seeded["now"])
    window = parse_window("7d")
    # An admin's reads first: the sealed cache then holds every pipeline's rows, and the editor's reads
    # must still keep only theirs.
    overview.monitoring_summary(user=seeded["admin"], window=window)
    stages.stage_metrics(user=seeded["admin"], window=window)
    mine = stages.stage_metrics(user=seeded["editor"], window=window)
    assert {r["pipeline_id"] for r in mine} == {seeded["p1"].pk}
    theirs = stages.stage_metrics(user=seeded["editor"], window=window, pipeline_id=seeded["p2"].pk)
    assert theirs == []
    summary = overview.monitoring_summary(user=seeded["editor"], window=window)
    assert {p["pipeline_id"] for p in summary["top_failing_pipelines"]} <= {seeded["p1"].pk}
    assert {n["pipeline_id"] for n in summary["top_failing_nodes"]} <= {seeded["p1"].pk}
    assert summary["executions"]["total"] == Execution.objects.filter(pipeline=seeded["p1"]).count()


def test_deleting_a_pipeline_deletes_its_rollups(seeded):
    rollups_refresh_all(now=seeded["now"])
    assert StageHour.objects.filter(pipeline=seeded["p2"]).exists()
    seeded["p2"].delete()
    assert not StageHour.objects.filter(pipeline_id=seeded["p2"].pk).exists()
    assert not ExecutionHour.objects.filter(pipeline_id=seeded["p2"].pk).exists()


def test_query_counts_do_not_grow_with_sealed_hours(seeded, client_for, monkeypatch):
    client = client_for(seeded["admin"])
    p = seeded["p1"]
    urls = [
        "/api/monitoring/summary/?window=7d",
        "/api/monitoring/stages/?window=7d",
        f"/api/monitoring/stages/{p.pk}/add/history/?window=7d&bucket=6h",
        f"/api/pipelines/{p.pk}/dependency-graph/",
    ]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    counts()
    unsealed = counts()
    rollups_refresh_all(now=seeded["now"])
    cold = counts()  # two queries more per rollup read (its settled part: raw and rollup rows), then cached
    assert counts() == unsealed  # from the cache
    assert all(u <= c <= u + 4 for u, c in zip(unsealed, cold, strict=True)), (unsealed, cold)


def test_the_command_backfills_and_rebuilds(seeded, capsys):
    call_command("refresh_rollups")
    first = list(StageHour.objects.order_by("pipeline_id", "hour", "node_key").values())
    assert first
    call_command("refresh_rollups", "--rebuild")
    again = list(StageHour.objects.order_by("pipeline_id", "hour", "node_key").values())
    strip = [{k: v for k, v in r.items() if k != "id"} for r in first]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for r in again]
    assert "folded" in capsys.readouterr().out


def test_the_refresh_is_scheduled_by_beat_and_by_the_embedded_loop(monkeypatch, settings, seeded):
    from django.conf import settings as django_settings

    entry = django_settings.CELERY_BEAT_SCHEDULE["sluice-rollups"]
    assert entry == {"task": "monitoring.refresh_rollups", "schedule": django_settings.SLUICE_ROLLUP_SECONDS}
    from config.celery import app
    from monitoring import rollup_loop, tasks

    assert app.tasks["monitoring.refresh_rollups"].run is tasks.refresh_rollups.run
    # The loop itself is core.loops' (a real thread would outlive this test's database).
    started: dict = {}
    monkeypatch.setattr(rollup_loop, "start_daemon_loop", lambda **kw: started.update(kw) or True)
    settings.SLUICE_ROLLUP_SECONDS = 0.05
    rollup_loop.start_embedded_rollups()
    assert (started["name"], started["interval"]) == ("sluice-rollups", 0.05)
    started["tick"]()
    assert RollupState.objects.get().sealed_until > seeded["now"] - timedelta(hours=2)
    assert StageHour.objects.exists()
    assert tasks.refresh_rollups() == 0  # nothing newly sealed
