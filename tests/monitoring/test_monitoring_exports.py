"""Exports of execution history and stage metrics: CSV (streamed), JSON (streamed) and Parquet."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import polars as pl
import pytest
from django.utils import timezone

from monitoring import exports
from tests import factories
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(editor):
    now = timezone.now()
    mine = pipeline_for(editor, "Mine")
    theirs = pipeline_for(factories.UserFactory(role="editor"), "Theirs")
    for i in range(3):
        seed_run(mine, created=now - timedelta(hours=i + 1), seconds=10 * (i + 1))
    seed_run(mine, created=now - timedelta(days=10))  # outside the default 7 days
    seed_run(theirs, created=now - timedelta(hours=1), status="failed", error="secret")
    return mine


def _body(r) -> bytes:
    return b"".join(r.streaming_content) if r.streaming else r.content


def test_execution_csv_streams_only_visible_rows(client_for, editor, data):
    r = client_for(editor).get("/api/monitoring/exports/executions/?format=csv")
    assert r.status_code == 200 and r.streaming
    assert r["Content-Type"].startswith("text/csv")
    assert 'filename="executions.csv"' in r["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(r).decode())))
    assert [float(row["duration_s"]) for row in rows] == [30.0, 20.0, 10.0]  # oldest first
    assert {row["pipeline_slug"] for row in rows} == {data.slug}
    assert list(rows[0]) == [name for name, _ in exports.EXECUTION_SCHEMA]


def test_execution_json_and_window(client_for, editor, data):
    r = client_for(editor).get("/api/monitoring/exports/executions/?format=json&window=30d")
    rows = json.loads(_body(r))
    assert len(rows) == 4 and all(row["pipeline_id"] == data.pk for row in rows)


def test_execution_parquet(client_for, editor, data):
    r = client_for(editor).get(f"/api/monitoring/exports/executions/?format=parquet&pipeline={data.pk}")
    assert r.status_code == 200 and r["X-Sluice-Truncated"] == "false"
    frame = pl.read_parquet(io.BytesIO(r.content))
    assert frame.height == 3
    assert frame.schema["created_at"] == pl.Datetime("us", "UTC")
    assert frame["duration_s"].sort().to_list() == [10.0, 20.0, 30.0]


def test_parquet_row_cap(client_for, editor, data, monkeypatch):
    monkeypatch.setattr(exports, "PARQUET_MAX_ROWS", 2)
    r = client_for(editor).get("/api/monitoring/exports/executions/?format=parquet")
    assert r["X-Sluice-Truncated"] == "true"
    assert pl.read_parquet(io.BytesIO(r.content)).height == 2


def test_stage_exports(client_for, editor, data):
    c = client_for(editor)
    rows = list(csv.DictReader(io.StringIO(_body(c.get("/api/monitoring/exports/stages/?format=csv")).decode())))
    assert sorted(row["node_key"] for row in rows) == ["add", "out", "src"]
    add = next(row for row in rows if row["node_key"] == "add")
    assert add["runs"] == "3" and float(add["p50_ms"]) == 100.0
    frame = pl.read_parquet(io.BytesIO(c.get("/api/monitoring/exports/stages/?format=parquet").content))
    assert frame.height == 3 and "secret" not in str(frame.to_dicts())


def test_bad_format_is_a_400(client_for, editor, data):
    r = client_for(editor).get("/api/monitoring/exports/executions/?format=xlsx")
    assert r.status_code == 400 and "format" in r.json()
