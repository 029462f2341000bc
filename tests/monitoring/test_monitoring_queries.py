"""Every monitoring endpoint runs a number of queries that does not grow with the rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from executions.models import PipelineDependency
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db


def _seed(pipelines, n: int) -> None:
    now = timezone.now()
    for p in pipelines:
        for i in range(n):
            status = "failed" if i % 3 == 0 else "succeeded"
            seed_run(p, created=now - timedelta(minutes=5 + i), status=status, error="e", worker="h:1:t")
        seed_run(p, created=now - timedelta(minutes=1), status="running", add_status="running")


def _urls(p, execution_id):
    return [
        "/api/monitoring/summary/?window=24h",
        "/api/monitoring/active/",
        "/api/monitoring/stages/?window=24h",
        f"/api/monitoring/stages/{p.pk}/add/history/?window=24h&bucket=1h",
        f"/api/pipelines/{p.pk}/dependency-graph/",
        f"/api/pipelines/{p.pk}/state/",
        f"/api/executions/{execution_id}/timeline/",
        "/api/monitoring/exports/executions/?format=csv",
        "/api/monitoring/exports/executions/?format=parquet",
        "/api/monitoring/exports/stages/?format=json",
    ]


def _counts(client, urls) -> list[int]:
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(url)
            assert r.status_code == 200, (url, r.content[:300])
            if r.streaming:
                b"".join(r.streaming_content)
        counts.append(len(ctx.captured_queries))
    return counts


def test_query_counts_are_constant_in_rows(client_for, editor, django_assert_max_num_queries):
    pipelines = [pipeline_for(editor, f"P{i}") for i in range(2)]
    PipelineDependency.objects.create(upstream=pipelines[0], downstream=pipelines[1])
    _seed(pipelines, 2)
    client = client_for(editor)
    execution_id = pipelines[0].executions.order_by("created_at").first().pk
    urls = _urls(pipelines[0], execution_id)
    _counts(client, urls[:1])  # warm the per-request role cache of the user object
    small = _counts(client, urls)
    more = [pipeline_for(editor, f"Q{i}") for i in range(3)]
    _seed(pipelines + more, 6)
    large = _counts(client, urls)
    assert small == large, list(zip(urls, small, large, strict=True))
    for url in urls:
        with django_assert_max_num_queries(12):
            r = client.get(url)
            if r.streaming:
                b"".join(r.streaming_content)
