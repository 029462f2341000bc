"""/metrics: Sluice's collectors, computed from the database, checked against seeded runs."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from executions import executors
from executions.services import execution_start
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)


def samples(client) -> dict[tuple[str, tuple], float]:
    text = client.get("/metrics").content.decode()
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_sluice_metrics_from_the_database(make_pipeline, editor, client, settings):
    settings.SLUICE_METRICS_CACHE_SECONDS = 0
    from monitoring.services import worker_heartbeat, worker_offline

    worker_heartbeat(name="w-metrics@h", pid=1)
    worker_offline(name="w-metrics@h")  # offline workers are not counted
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 7}), ("dst", "t.sink", {"name": "m"})), name="Metrics")
    for _ in range(2):
        execution_start(pipeline=pipeline, user=editor)
        executors.run_inline_until_idle()
    bad = make_pipeline(
        chain(("src", "t.rows", {"n": 1}), ("x", "t.add", {"fail_times": 9}), ("dst", "t.sink", {"name": "b"})),
        name="Broken",
    )
    execution_start(pipeline=bad, user=editor)
    executors.run_inline_until_idle()
    m = samples(client)
    slug = pipeline.slug
    assert m[("sluice_executions_total", (("pipeline", slug), ("status", "succeeded")))] == 2
    assert m[("sluice_executions_total", (("pipeline", bad.slug), ("status", "failed")))] == 1
    assert m[("sluice_rows_processed_total", (("pipeline", slug),))] == 14
    assert m[("sluice_step_duration_seconds_count", (("node", "src"), ("pipeline", slug)))] == 2
    assert m[("sluice_step_duration_seconds_bucket", (("le", "+Inf"), ("node", "src"), ("pipeline", slug)))] == 2
    assert m[("sluice_queue_depth", ())] == 0 and m[("sluice_running_steps", ())] == 0
    assert m[("sluice_workers_online", ())] == 0
    assert ("sluice_last_success_timestamp_seconds", (("pipeline", slug),)) in m
    assert ("sluice_last_success_timestamp_seconds", (("pipeline", bad.slug),)) not in m
    assert any(name.startswith("django_http_requests") for name, _ in m)  # django-prometheus is there too
