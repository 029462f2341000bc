"""The sealed cache of the rollup reads (monitoring/selectors/sealed_cache.py): what it keeps round-trips
exactly and without pickle, it is what a second read uses, and a moved mark, a rebuild, a deleted pipeline
or another user's visibility never make an answer stale or leak."""

from __future__ import annotations

import json
import struct
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from django.db import connection

from core import sealed_store
from monitoring.models import ExecutionHour, RollupState, StageHour
from monitoring.selectors import overview, sealed_cache, stages
from monitoring.selectors.windows import parse_window
from monitoring.services.rollups import rollups_rebuild, rollups_refresh_all
from tests.monitoring.test_rollups import _frozen, seeded  # noqa: F401  (a fixture)
from tests.monitoring.test_scale_reads import history  # noqa: F401  (a fixture)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the rollups are PostgreSQL's"),
]


def test_encode_decode_round_trips_rows_times_and_durations():
    at = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=UTC)
    rows = [
        {
            "pipeline_id": 3,
            "node_key": "n1",
            "last_run_at": at,
            "cpu": 0.1 + 0.2,
            "none": None,
            "durations": np.array([1.5, 2.25, 1e-300]),
        },
        {"pipeline_id": 4, "node_key": 'é"\n', "last_run_at": None, "durations": np.empty(0)},
        {"pipeline_id": 5, "node_key": "x", "failed": 2**62},  # no durations (the failing nodes' read)
    ]
    data = sealed_cache.encode(rows)
    (size,) = struct.unpack_from("<I", data)
    json.loads(data[4 : 4 + size])  # a JSON header, then raw float8s: nothing to unpickle
    back = sealed_cache.decode(data)
    assert [{k: v for k, v in r.items() if k != "durations"} for r in back] == [
        {k: v for k, v in r.items() if k != "durations"} for r in rows
    ]
    assert back[0]["durations"].tolist() == [1.5, 2.25, 1e-300]
    assert len(back[1]["durations"]) == 0 and "durations" not in back[2]


def test_values_that_json_cannot_keep_exactly_are_refused():
    from decimal import Decimal

    with pytest.raises(TypeError):
        sealed_cache.encode([{"sum": Decimal("1.5"), "durations": np.empty(0)}])


def _summary(user, window):
    out = overview.monitoring_summary(user=user, window=window)
    out.pop("since"), out.pop("until")
    return out


def test_a_second_read_comes_from_the_cache_and_a_rebuild_reads_again(seeded, monkeypatch):  # noqa: F811
    now = seeded["now"]
    rollups_refresh_all(now=now)
    _frozen(monkeypatch, now)
    window = parse_window("7d")
    first = _summary(seeded["admin"], window)
    # Break the sealed part under the cache: the next answer is the cached one, in one query less.
    ExecutionHour.objects.filter(pk=ExecutionHour.objects.order_by("hour").last().pk).update(total=1000)
    assert _summary(seeded["admin"], window) == first
    # A rebuild folds again from the raw rows (a new state row: a new key) and repairs the figures.
    state = RollupState.objects.get().pk
    rollups_rebuild()
    assert RollupState.objects.get().pk != state
    assert _summary(seeded["admin"], window) == first


def test_a_moved_mark_is_a_new_key(seeded, monkeypatch):  # noqa: F811
    now = seeded["now"]
    rollups_refresh_all(now=now - timedelta(hours=6))  # sealed up to six hours ago: the rest read raw
    _frozen(monkeypatch, now)
    window = parse_window("24h")
    before = stages.stage_metrics(user=seeded["admin"], window=window)
    rollups_refresh_all(now=now)
    # Break the newly sealed hours: if the answer read them (not the old entry), it shows.
    StageHour.objects.filter(hour__gte=now - timedelta(hours=5)).update(runs=10_000)
    after = stages.stage_metrics(user=seeded["admin"], window=window)
    assert sum(r["runs"] for r in after) > sum(r["runs"] for r in before)


def test_a_deleted_pipeline_leaves_the_cached_answers(seeded, monkeypatch):  # noqa: F811
    rollups_refresh_all(now=seeded["now"])
    _frozen(monkeypatch, seeded["now"])
    window = parse_window("7d")
    p2 = seeded["p2"].pk
    assert any(r["pipeline_id"] == p2 for r in stages.stage_metrics(user=seeded["admin"], window=window))
    summary = _summary(seeded["admin"], window)
    seeded["p2"].delete()
    assert all(r["pipeline_id"] != p2 for r in stages.stage_metrics(user=seeded["admin"], window=window))
    after = _summary(seeded["admin"], window)
    assert after["executions"]["total"] < summary["executions"]["total"]
    assert all(p["pipeline_id"] != p2 for p in after["top_failing_pipelines"])
    assert all(n["pipeline_id"] != p2 for n in after["top_failing_nodes"])


def test_the_cache_holds_bytes_under_the_scoped_key(seeded, monkeypatch):  # noqa: F811
    """The value in Redis is this module's bytes (no pickle), under the cache's prefix (the test run's
    scope), and every key names the database."""
    client = sealed_store._redis()
    if client is None:
        pytest.skip("no Redis cache")
    from django.core.cache import caches

    # Only this test's entries: other reads of the same run (other tests on this xdist worker) keep rows of
    # other shapes under the same prefix, and the scan below takes whichever key comes first.
    for key in client.scan_iter(caches["default"].make_key("sluice:rollup-sealed:*")):
        client.delete(key)
    rollups_refresh_all(now=seeded["now"])
    _frozen(monkeypatch, seeded["now"])
    stages.stage_metrics(user=seeded["admin"], window=parse_window("7d"))
    keys = list(client.scan_iter(caches["default"].make_key("sluice:rollup-sealed:*")))
    assert keys
    rows = sealed_cache.decode(client.get(keys[0]))
    assert rows and all(isinstance(r["pipeline_id"], int) for r in rows)
    assert sealed_cache.key_of("a", 1) != sealed_cache.key_of("a", 2)
    assert connection.settings_dict["NAME"]
    for key in keys:
        client.delete(key)


@pytest.mark.parametrize("seed", range(40))
def test_percentile_of_parts_equals_the_percentile_of_the_union(seed):
    from monitoring.selectors.rollup_reads import percentile_cont_of, percentiles_of_parts

    rng = np.random.default_rng(seed)
    # Ties on purpose (small integers), parts of every size including empty ones.
    a = np.sort(rng.integers(0, 30, size=int(rng.integers(0, 200))).astype(np.float64))
    b = rng.integers(0, 30, size=int(rng.integers(0, 20))).astype(np.float64)
    union = np.concatenate([a, b])
    fractions = (0.0, 0.5, 0.95, 1.0)
    expected = [percentile_cont_of(union, f) for f in fractions]
    assert percentiles_of_parts(a, b, fractions) == expected
    assert percentiles_of_parts(np.sort(union), None, fractions) == expected
    assert percentiles_of_parts(np.empty(0), union, fractions) == expected


def test_rows_of_an_active_execution_are_never_kept(seeded, monkeypatch):  # noqa: F811
    """The settled part stops at the oldest active execution: one that finishes later changes the answer."""
    from executions.models import Execution, StepRun
    from tests.monitoring.seeding import seed_run
    from tests.monitoring.test_rollups import _close, _raw

    now = seeded["now"]
    slow = seed_run(seeded["p1"], created=now - timedelta(minutes=40), status="running", add_status="running")
    rollups_refresh_all(now=now)
    _frozen(monkeypatch, now)
    window = parse_window("24h")
    before = stages.stage_metrics(user=seeded["admin"], window=window)
    Execution.objects.filter(pk=slow.pk).update(status="succeeded", finished_at=now)
    StepRun.objects.filter(execution=slow, node_key="add").update(
        status="succeeded", duration_ms=99_999, finished_at=now
    )
    after = stages.stage_metrics(user=seeded["admin"], window=window)
    add = next(r for r in after if r["pipeline_id"] == seeded["p1"].pk and r["node_key"] == "add")
    add_before = next(r for r in before if r["pipeline_id"] == seeded["p1"].pk and r["node_key"] == "add")
    assert add["succeeded"] == add_before["succeeded"] + 1 and add["max_ms"] == 99_999
    _raw(monkeypatch)
    _close(after, stages.stage_metrics(user=seeded["admin"], window=window))


def test_expected_durations_with_a_settled_time_equal_the_definition_cold_and_warm(history):  # noqa: F811
    from executions.models import StepRun
    from monitoring.selectors.rollup_reads import floor_slot
    from monitoring.services.rollups import SEAL_MARGIN
    from tests.monitoring.seeding import seed_run
    from tests.monitoring.test_scale_reads import _expected_plainly

    busy, broken, now = history["busy"], history["broken"], history["now"]
    pairs = {(p.pk, key) for p in (busy, broken) for key in ("src", "add", "out", "nope")}
    rollups_refresh_all(now=now)
    # The fixture's running runs are a minute old: the settled time is before them.
    settled = floor_slot(min(now - SEAL_MARGIN, now - timedelta(minutes=1)))
    cold = overview.expected_durations(pairs, settled=settled)
    warm = overview.expected_durations(pairs, settled=settled)
    assert cold == warm == _expected_plainly(pairs) and cold
    # A success after the settled time counts at once (the walk from it on is not cached).
    run = seed_run(busy, created=now - timedelta(seconds=30), status="succeeded", add_ms=77_777)
    assert StepRun.objects.filter(execution=run, node_key="add", duration_ms=77_777).exists()
    assert overview.expected_durations(pairs, settled=settled) == _expected_plainly(pairs)


def test_the_active_overview_uses_a_settled_time_only_when_the_list_is_whole(history):  # noqa: F811
    from executions.models import Execution

    active = list(Execution.objects.filter(status__in=Execution.ACTIVE).order_by("created_at"))
    assert len(active) == 2
    now = history["now"]
    assert overview._settled(active, limit=1, now=now) is None
    settled = overview._settled(active, limit=100, now=now)
    assert settled <= active[0].created_at and settled.minute % 5 == 0 and settled.second == 0
