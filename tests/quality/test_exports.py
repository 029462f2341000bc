"""Quality exports on PostgreSQL go through COPY ... TO STDOUT: the CSV must be the very bytes the Python
writer (used on other databases) makes of the same rows, the Parquet file the same frame; the cap holds,
filters stay parameters (hostile values), other users' results stay out, samples stay masked."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import polars as pl
import pytest
from django.db import connection
from django.utils import timezone

from quality import exports
from quality.models import QualityResult
from quality.selectors import parse_span, results_filtered
from tests import factories
from tests.quality.test_api import _seed

pytestmark = pytest.mark.django_db


def _hand_made(pipeline, execution_id: int) -> None:
    """Values that a formatter could get wrong: floats whole and not, None, empty and quoted text,
    commas, new lines, unicode, a masked sample, microseconds and none."""
    now = timezone.now().replace(microsecond=0)
    common = {"pipeline": pipeline, "execution_id": execution_id, "version_number": 3, "node_key": "q"}
    QualityResult.objects.create(
        **common,
        rule='odd, "quoted"\nrule',
        rule_type="check",
        rows_checked=10,
        failed_rows=1,
        failure_rate=0.1,
        passed=False,
        message="naïve — ünïcode",
        kind="check",
        severity="critical",
        value=1.0,
        action="block",
        sample=[{"email": "***", "amount": 1.5, "note": "a,b"}],
        run_at=now - timedelta(minutes=1, microseconds=-123456),
    )
    QualityResult.objects.create(
        **common, rule="plain", rule_type="row", rows_checked=0, failure_rate=0.0, passed=True, run_at=now
    )
    QualityResult.objects.create(  # a fraction with trailing zeros: .125890, not .12589
        **common,
        rule="zeros",
        rule_type="row",
        rows_checked=1,
        passed=True,
        run_at=now - timedelta(microseconds=874110),
    )


def _qs(user, **filters):
    return results_filtered(user=user, span=parse_span(None, None), **filters)


def _python_csv(qs) -> bytes:
    return "".join(exports._csv(exports._rows(qs[: exports.MAX_ROWS]))).encode()


def test_copy_csv_is_byte_for_byte_the_python_writers(pipeline, owner):
    assert connection.vendor == "postgresql"
    _seed(pipeline, 3)
    _hand_made(pipeline, QualityResult.objects.first().execution_id)
    qs = _qs(owner, pipeline_id=pipeline.pk)
    copied = b"".join(exports._copy(qs[: exports.MAX_ROWS], empty_is_null=True))
    assert copied == _python_csv(qs)
    rows = list(csv.DictReader(io.StringIO(copied.decode())))
    assert len(rows) == 12 and [int(r["id"]) for r in rows] == list(qs.values_list("id", flat=True))
    odd = next(r for r in rows if r["rule"].startswith("odd"))
    assert odd["rule"] == 'odd, "quoted"\nrule' and odd["value"] == "1.0" and odd["passed"] == "False"
    assert odd["sample"] == '[{"note": "a,b", "email": "***", "amount": 1.5}]'  # masked, as stored


def test_parquet_is_the_same_frame(pipeline, owner, client_for):
    _seed(pipeline, 2)
    _hand_made(pipeline, QualityResult.objects.first().execution_id)
    response = client_for(owner).get("/api/quality/results/export/", {"pipeline": pipeline.pk, "format": "parquet"})
    frame = pl.read_parquet(io.BytesIO(response.content))
    rows = list(exports._rows(_qs(owner, pipeline_id=pipeline.pk)))
    expected = pl.DataFrame(rows, schema=[(n, t) for n, _, t in exports.COLUMNS], orient="row")
    assert frame.equals(expected), (frame, expected)
    assert frame.filter(pl.col("rule") == "plain")["message"].to_list() == [""]  # empty, not null
    assert frame.filter(pl.col("rule") == "plain")["value"].to_list() == [None]


def test_the_cap_and_the_truncated_header(pipeline, owner, client_for, monkeypatch):
    _seed(pipeline, 3)  # 9 results
    monkeypatch.setattr(exports, "MAX_ROWS", 4)
    client = client_for(owner)
    for fmt in ("csv", "parquet"):
        response = client.get("/api/quality/results/export/", {"pipeline": pipeline.pk, "format": fmt})
        assert response["X-Sluice-Truncated"] == "true"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        height = pl.read_csv(body).height if fmt == "csv" else pl.read_parquet(io.BytesIO(body)).height
        assert height == 4, fmt
    monkeypatch.setattr(exports, "MAX_ROWS", 9)
    assert "X-Sluice-Truncated" not in client.get("/api/quality/results/export/", {"pipeline": pipeline.pk})


@pytest.mark.parametrize("hostile", ["x') TO STDOUT; DROP TABLE quality_qualityresult; --", "%s", "\\.", "ü" * 100])
def test_hostile_filters_stay_parameters(pipeline, owner, client_for, hostile):
    _seed(pipeline, 1)
    response = client_for(owner).get("/api/quality/results/export/", {"rule": hostile, "pipeline": pipeline.pk})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).count(b"\n") == 1  # the header only
    assert QualityResult.objects.filter(pipeline=pipeline).count() == 3


def test_other_users_results_are_not_exported(pipeline, client_for):
    _seed(pipeline, 2)
    outsider = factories.UserFactory(role="operator")
    for fmt in ("csv", "parquet"):
        response = client_for(outsider).get("/api/quality/results/export/", {"format": fmt})
        body = b"".join(response.streaming_content) if response.streaming else response.content
        height = pl.read_csv(body).height if fmt == "csv" else pl.read_parquet(io.BytesIO(body)).height
        assert height == 0, fmt
