"""The execution export's settled part from the sealed cache (monitoring/exports.py): the answer is the
same bytes (CSV) and the same frame (Parquet) as the single COPY of the window without the cache; a second
answer reads the kept part; a rename, a deletion, another user's pipelines and a run still active never make
an answer stale or leak."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import polars as pl
import pytest
from django.db import connection  # noqa: F401  (the skipif condition)
from django.utils import timezone

from executions.models import Execution
from monitoring import exports
from tests import factories
from tests.monitoring.seeding import pipeline_for, seed_run

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the settled part is kept on PostgreSQL"),
]

URL = "/api/monitoring/exports/executions/?window=24h&format="


@pytest.fixture
def seeded(editor):
    now = timezone.now()
    admin = factories.UserFactory(role="admin")
    other = factories.UserFactory(role="editor")
    mine = pipeline_for(editor, "Mine")
    theirs = pipeline_for(other, "Theirs")
    for i in range(40):  # every ~35 minutes over the day, both pipelines, some failing with a comma and quotes
        status = "failed" if i % 5 == 0 else "succeeded"
        error = 'node add failed: "bad", row 3' if status == "failed" else ""
        seed_run(mine if i % 2 else theirs, created=now - timedelta(minutes=12 + 35 * i), status=status, error=error)
    running = seed_run(mine, created=now - timedelta(minutes=1), status="running")
    users = {"admin": admin, "editor": editor, "other": other}
    return {"now": now, **users, "mine": mine, "theirs": theirs, "run": running}


def _get(client, fmt: str, extra: str = "") -> bytes:
    r = client.get(URL + fmt + extra)
    assert r.status_code == 200, r.content[:300]
    return b"".join(r.streaming_content) if r.streaming else r.content


def _uncached(client, fmt: str, settings, extra: str = "") -> bytes:
    settings.SLUICE_ROLLUP_CACHE = False  # the single COPY of the window (the path before the cache)
    try:
        return _get(client, fmt, extra)
    finally:
        settings.SLUICE_ROLLUP_CACHE = True


def _frozen(monkeypatch, now):
    monkeypatch.setattr(timezone, "now", lambda: now)


@pytest.mark.parametrize("who", ["admin", "editor"])
def test_the_parts_are_the_single_copy_byte_for_byte(seeded, client_for, settings, monkeypatch, who):
    _frozen(monkeypatch, seeded["now"])
    c = client_for(seeded[who])
    first, second = _get(c, "csv"), _get(c, "csv")  # the settled part read and kept, then from the cache
    assert first == second == _uncached(c, "csv", settings)
    assert first.count(b"\n") - 1 == (41 if who == "admin" else 21)
    assert b'"node add failed: ""bad"", row 3"' in first
    frames = [pl.read_parquet(io.BytesIO(_get(c, "parquet"))) for _ in range(2)]
    plain = pl.read_parquet(io.BytesIO(_uncached(c, "parquet", settings)))
    assert frames[0].equals(plain) and frames[1].equals(plain)
    assert plain.height == (41 if who == "admin" else 21)
    one = f"&pipeline={seeded['mine'].pk}"
    assert _get(c, "csv", one) == _get(c, "csv", one) == _uncached(c, "csv", settings, one)


def test_the_second_answer_reads_the_kept_part(seeded, client_for, settings, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    c = client_for(seeded["admin"])
    first = _get(c, "csv")
    # Break a settled row under the cache (they never change): the answer is the kept one until the bounds move.
    old = Execution.objects.filter(created_at__lt=seeded["now"] - timedelta(hours=2)).order_by("created_at").last()
    Execution.objects.filter(pk=old.pk).update(rows_in=987654321)
    assert _get(c, "csv") == first
    assert b"987654321" in _uncached(c, "csv", settings)
    # Five minutes later the settled part has moved: a new key, read afresh.
    _frozen(monkeypatch, seeded["now"] + timedelta(minutes=5))
    assert b"987654321" in _get(c, "csv")


def test_a_run_still_active_is_read_fresh_when_it_finishes(seeded, client_for, settings, monkeypatch):
    """The running run holds the settled time before it: it is never in the kept part."""
    _frozen(monkeypatch, seeded["now"])
    Execution.objects.filter(pk=seeded["run"].pk).update(created_at=seeded["now"] - timedelta(hours=3))
    c = client_for(seeded["admin"])
    before = list(csv.DictReader(io.StringIO(_get(c, "csv").decode())))
    assert next(r for r in before if r["id"] == str(seeded["run"].pk))["status"] == "running"
    Execution.objects.filter(pk=seeded["run"].pk).update(status="succeeded", finished_at=seeded["now"])
    after = _get(c, "csv")
    assert (
        next(r for r in csv.DictReader(io.StringIO(after.decode())) if r["id"] == str(seeded["run"].pk))["status"]
        == "succeeded"
    )
    assert after == _uncached(c, "csv", settings)


def test_other_users_pipelines_never_show(seeded, client_for, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    _get(client_for(seeded["admin"]), "csv")  # the admin's settled part kept first
    _get(client_for(seeded["admin"]), "parquet")
    for who, own in (("editor", "mine"), ("other", "theirs")):
        c = client_for(seeded[who])
        for _ in range(2):
            rows = list(csv.DictReader(io.StringIO(_get(c, "csv").decode())))
            assert rows and {r["pipeline_id"] for r in rows} == {str(seeded[own].pk)}
            frame = pl.read_parquet(io.BytesIO(_get(c, "parquet")))
            assert set(frame["pipeline_id"].to_list()) == {seeded[own].pk}
    # A pipeline the editor may not see, asked for by id: nothing, even once the admin's is kept.
    theirs = f"&pipeline={seeded['theirs'].pk}"
    _get(client_for(seeded["admin"]), "csv", theirs)
    assert _get(client_for(seeded["editor"]), "csv", theirs).count(b"\n") == 1  # the header only


def test_sharing_a_pipeline_shows_it_at_once(seeded, client_for, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    c = client_for(seeded["editor"])
    rows = list(csv.DictReader(io.StringIO(_get(c, "csv").decode())))
    assert {r["pipeline_id"] for r in rows} == {str(seeded["mine"].pk)}
    seeded["theirs"].shared_with_users.add(seeded["editor"])
    rows = list(csv.DictReader(io.StringIO(_get(c, "csv").decode())))
    assert {r["pipeline_id"] for r in rows} == {str(seeded["mine"].pk), str(seeded["theirs"].pk)}


def test_a_rename_and_a_deletion_show_at_once(seeded, client_for, settings, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    c = client_for(seeded["admin"])
    _get(c, "csv"), _get(c, "parquet")
    type(seeded["mine"]).objects.filter(pk=seeded["mine"].pk).update(slug="renamed-now")
    body = _get(c, "csv")
    assert body == _uncached(c, "csv", settings)
    assert {r["pipeline_slug"] for r in csv.DictReader(io.StringIO(body.decode()))} >= {"renamed-now"}
    assert "renamed-now" in pl.read_parquet(io.BytesIO(_get(c, "parquet")))["pipeline_slug"].to_list()
    seeded["theirs"].delete()
    rows = list(csv.DictReader(io.StringIO(_get(c, "csv").decode())))
    assert {r["pipeline_id"] for r in rows} == {str(seeded["mine"].pk)}
    assert set(pl.read_parquet(io.BytesIO(_get(c, "parquet")))["pipeline_id"].to_list()) == {seeded["mine"].pk}


def test_the_row_cap_holds_over_the_parts(seeded, client_for, settings, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    monkeypatch.setattr(exports, "PARQUET_MAX_ROWS", 5)
    c = client_for(seeded["admin"])
    for _ in range(2):
        r = c.get(URL + "parquet")
        assert r["X-Sluice-Truncated"] == "true"
        frame = pl.read_parquet(io.BytesIO(r.content))
        assert frame.equals(pl.read_parquet(io.BytesIO(_uncached(c, "parquet", settings))))
        assert frame.height == 5


def test_hostile_filters_are_refused_or_empty(seeded, client_for, monkeypatch):
    _frozen(monkeypatch, seeded["now"])
    c = client_for(seeded["editor"])
    for extra in ("&pipeline=1%20OR%201=1", "&pipeline=-1", "&pipeline=99999999999999999999999", "&window=1d;DROP"):
        assert c.get(URL + "csv" + extra).status_code == 400
    assert _get(c, "csv", "&pipeline=999999999").count(b"\n") == 1
    r = c.get(URL + "csv&format=parquet';--")
    assert r.status_code == 400
