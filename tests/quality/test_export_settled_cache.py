"""The quality export's settled part from the sealed store (quality/exports.py): the answer is the same
bytes (CSV) and the same frame (Parquet) as the single COPY of the window without the store; a second answer
reads the kept part; a result written late inside the settled window, a retention delete, a rename, a share
or an unshare, another user and other filters never make an answer stale or leak."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import polars as pl
import pytest
from django.db import connection  # noqa: F401  (the skipif condition)
from django.utils import timezone

from core.sealed_parts import floor_slot
from executions.models import Execution
from quality import exports
from quality.models import QualityResult
from quality.services.results import quality_results_record
from quality.services.retention import quality_results_cleanup
from tests import factories
from tests.quality.seeding import quality_pipeline, seed_run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the settled part is kept on PostgreSQL"),
]

URL = "/api/quality/results/export/"
FORMATS = ("csv", "parquet")


def _run(pipeline, at, i: int) -> Execution:
    failures = {"id_present": i % 2, "amount_positive": int(i % 3 == 0), 'rule, "odd"': 1}
    execution = seed_run(pipeline, at=at, failures=failures)
    quality_results_record(execution_id=execution.pk)
    return execution


@pytest.fixture
def seeded(owner, pipeline, monkeypatch):
    """Two pipelines of two owners, a run every 40 minutes over the last day (three results each), and one
    a minute ago (after the settled part); the clock frozen so the bounds stay."""
    now = timezone.now()
    other = factories.UserFactory(role="editor")
    theirs = quality_pipeline(other, name="Theirs")
    for i in range(30):
        _run(pipeline if i % 2 else theirs, now - timedelta(minutes=20 + 40 * i), i)
    _run(pipeline, now - timedelta(minutes=1), 1)
    monkeypatch.setattr(timezone, "now", lambda: now)
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    return {"now": now, "owner": owner, "other": other, "admin": admin, "mine": pipeline, "theirs": theirs}


def _get(client, fmt: str, **params) -> bytes:
    r = client.get(URL, {"format": fmt, **params})
    assert r.status_code == 200, r.content[:300]
    return b"".join(r.streaming_content) if r.streaming else r.content


def _uncached(client, fmt: str, settings, **params) -> bytes:
    settings.SLUICE_ROLLUP_CACHE = False  # the single COPY of the window (the path before the store)
    try:
        return _get(client, fmt, **params)
    finally:
        settings.SLUICE_ROLLUP_CACHE = True


def _same(client, settings, fmt: str, **params) -> bytes:
    """Two answers (the second from the store) and the uncached one: equal; returns the answer."""
    first, second, plain = (
        _get(client, fmt, **params),
        _get(client, fmt, **params),
        _uncached(client, fmt, settings, **params),
    )
    if fmt == "csv":
        assert first == second == plain
    else:
        frames = [pl.read_parquet(io.BytesIO(body)) for body in (first, second, plain)]
        assert frames[0].equals(frames[2]) and frames[1].equals(frames[2])
    return first


def _ids(body: bytes, fmt: str) -> list[int]:
    if fmt == "csv":
        return [int(r["id"]) for r in csv.DictReader(io.StringIO(body.decode()))]
    return pl.read_parquet(io.BytesIO(body))["id"].to_list()


def _settled_result(seeded) -> QualityResult:
    return QualityResult.objects.filter(run_at__lt=seeded["now"] - timedelta(hours=2)).order_by("run_at").last()


@pytest.mark.parametrize("who", ["admin", "owner"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_parts_are_the_single_copy(seeded, client_for, settings, who, fmt):
    c = client_for(seeded[who])
    body = _same(c, settings, fmt)
    expected = QualityResult.objects.all() if who == "admin" else QualityResult.objects.filter(pipeline=seeded["mine"])
    assert _ids(body, fmt) == list(expected.order_by("-run_at", "-id").values_list("id", flat=True))
    assert len(_ids(body, fmt)) == (93 if who == "admin" else 48)
    _same(c, settings, fmt, pipeline=seeded["mine"].pk)
    _same(c, settings, fmt, since=(seeded["now"] - timedelta(hours=7)).isoformat())


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_second_answer_reads_the_kept_part(seeded, client_for, settings, fmt):
    c = client_for(seeded["admin"])
    first = _get(c, fmt)
    # Results are never updated: changing one under the store shows that the second answer is the kept one.
    QualityResult.objects.filter(pk=_settled_result(seeded).pk).update(message="changed under the store")
    assert _get(c, fmt) == first
    assert b"changed under the store" in _uncached(c, "csv", settings)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_result_written_late_inside_the_settled_part_shows(seeded, client_for, settings, fmt):
    """The finished-run hook writes a run's results when it finishes, with run_at possibly hours earlier."""
    c = client_for(seeded["owner"])
    before = _ids(_get(c, fmt), fmt)
    late = seed_run(seeded["mine"], at=seeded["now"] - timedelta(hours=5, minutes=3), failures={"late_rule": 1})
    quality_results_record(execution_id=late.pk)
    added = set(QualityResult.objects.filter(execution=late).values_list("id", flat=True))
    assert added and all(
        r.run_at < seeded["now"] - timedelta(hours=1) for r in QualityResult.objects.filter(pk__in=added)
    )
    after = _same(c, settings, fmt)
    assert set(_ids(after, fmt)) == set(before) | added


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_retention_delete_inside_the_settled_part_shows(seeded, client_for, settings, fmt):
    c = client_for(seeded["admin"])
    before = _ids(_get(c, fmt), fmt)
    cutoff = seeded["now"] - timedelta(hours=10)
    gone = set(QualityResult.objects.filter(run_at__lt=cutoff).values_list("id", flat=True))
    assert gone and quality_results_cleanup(before=cutoff) == len(gone)
    after = _same(c, settings, fmt)
    assert set(_ids(after, fmt)) == set(before) - gone
    # A deleted run takes its results with it (a cascade: the same rule).
    run = Execution.objects.filter(pipeline=seeded["mine"], finished_at__lt=seeded["now"] - timedelta(hours=3)).first()
    taken = set(QualityResult.objects.filter(execution=run).values_list("id", flat=True))
    run.delete()
    assert set(_ids(_same(c, settings, fmt), fmt)) == set(before) - gone - taken


@pytest.mark.parametrize("fmt", FORMATS)
def test_other_users_results_never_show(seeded, client_for, fmt):
    _get(client_for(seeded["admin"]), fmt)  # the admin's settled part kept first
    _get(client_for(seeded["admin"]), fmt, pipeline=seeded["theirs"].pk)
    for who, own in (("owner", "mine"), ("other", "theirs")):
        c = client_for(seeded[who])
        for _ in range(2):
            ids = _ids(_get(c, fmt), fmt)
            assert ids and set(ids) == set(
                QualityResult.objects.filter(pipeline=seeded[own]).values_list("id", flat=True)
            )
    # A pipeline the owner may not see, asked for by id: nothing, even once the admin's is kept.
    assert _ids(_get(client_for(seeded["owner"]), fmt, pipeline=seeded["theirs"].pk), fmt) == []
    outsider = client_for(factories.UserFactory(role="operator"))
    assert _ids(_get(outsider, fmt), fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_sharing_and_unsharing_show_at_once(seeded, client_for, settings, fmt):
    c = client_for(seeded["owner"])
    theirs = set(QualityResult.objects.filter(pipeline=seeded["theirs"]).values_list("id", flat=True))
    assert not theirs & set(_ids(_get(c, fmt), fmt))
    seeded["theirs"].shared_with_users.add(seeded["owner"])
    assert theirs <= set(_ids(_same(c, settings, fmt), fmt))
    seeded["theirs"].shared_with_users.remove(seeded["owner"])
    assert not theirs & set(_ids(_same(c, settings, fmt), fmt))


def test_a_rename_shows_at_once(seeded, client_for, settings):
    c = client_for(seeded["admin"])
    _get(c, "csv"), _get(c, "parquet")
    type(seeded["mine"]).objects.filter(pk=seeded["mine"].pk).update(slug="renamed-now")
    body = _same(c, settings, "csv")
    assert "renamed-now" in {r["pipeline_slug"] for r in csv.DictReader(io.StringIO(body.decode()))}
    assert "renamed-now" in pl.read_parquet(io.BytesIO(_same(c, settings, "parquet")))["pipeline_slug"].to_list()


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_filter_is_its_own_part(seeded, client_for, settings, fmt):
    c = client_for(seeded["admin"])
    everything = set(_ids(_get(c, fmt), fmt))
    cases = [
        ({"rule": "id_present"}, QualityResult.objects.filter(rule="id_present")),
        ({"failed": "true"}, QualityResult.objects.filter(passed=False)),
        ({"rule": "id_present", "failed": "true"}, QualityResult.objects.filter(rule="id_present", passed=False)),
        ({"node": "check"}, QualityResult.objects.filter(node_key="check")),
        ({"node": "elsewhere"}, QualityResult.objects.none()),
    ]
    for params, expected in cases:
        ids = _ids(_same(c, settings, fmt, **params), fmt)
        assert set(ids) == set(expected.values_list("id", flat=True)) and set(ids) <= everything, params


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cap_holds_with_the_kept_part(seeded, client_for, settings, monkeypatch, fmt):
    c = client_for(seeded["admin"])
    monkeypatch.setattr(exports, "MAX_ROWS", 60)  # the settled part (90 results) is more: the single query
    assert c.get(URL, {"format": fmt})["X-Sluice-Truncated"] == "true"
    # A window starting 10 s after a five-minute mark: a run 1 s after its start is before the settled part.
    since = floor_slot(seeded["now"] - timedelta(hours=6)) + timedelta(seconds=10)
    _run(seeded["mine"], since + timedelta(seconds=1), 4)
    window = QualityResult.objects.filter(run_at__gte=since).order_by("-run_at", "-id")
    settled = window.filter(run_at__gte=since + timedelta(seconds=290), run_at__lt=seeded["now"] - timedelta(minutes=5))
    cuts = []
    real = exports._settled_cut
    monkeypatch.setattr(exports, "_settled_cut", lambda *a, **k: cuts.append(real(*a, **k)) or cuts[-1])
    monkeypatch.setattr(exports, "MAX_ROWS", 3 + settled.count() + 1)  # the newest, the settled, one of 3 before
    params = {"since": since.isoformat()}
    body = _same(c, settings, fmt, **params)
    assert cuts[0] is not None and cuts[0].settled_rows == settled.count() and cuts[0].truncated
    assert _ids(body, fmt) == list(window.values_list("id", flat=True))[: exports.MAX_ROWS]
    assert c.get(URL, {"format": fmt, **params})["X-Sluice-Truncated"] == "true"
    monkeypatch.setattr(exports, "MAX_ROWS", window.count())
    assert "X-Sluice-Truncated" not in c.get(URL, {"format": fmt, **params})
    assert _ids(_same(c, settings, fmt, **params), fmt) == list(window.values_list("id", flat=True))


@pytest.mark.parametrize("hostile", ["x') TO STDOUT; DROP TABLE quality_qualityresult; --", "%s", "\\.", "ü" * 100])
def test_hostile_filters_stay_parameters_in_the_cut(seeded, client_for, settings, hostile):
    c = client_for(seeded["owner"])
    for params in ({"rule": hostile}, {"node": hostile[:63]}):
        assert _same(c, settings, "csv", **params).count(b"\n") == 1  # the header only
    assert QualityResult.objects.count() == 93
