"""Profiles of files under the data root: GET /api/files/profile/?path= and the page /files/profile/.
Figures checked against the file's own values; bounds (a large file is sampled); hostile paths
(``..``, absolute, hidden, other users' areas, symbolic links leading out or into another area)."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings) -> Path:
    return Path(settings.DATA_ROOT).resolve()


def _write(root: Path, relative: str, frame: pl.DataFrame) -> Path:
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if relative.endswith(".csv"):
        frame.write_csv(target)
    else:
        frame.write_parquet(target)
    return target


def test_profile_of_a_shared_file(client_for, viewer, root):
    frame = pl.DataFrame({"id": [1, 2, 3, 4], "city": ["a", None, "ccc", "a"], "amount": [1.5, None, 3.5, 5.5]})
    _write(root, "sales/s.csv", frame)
    response = client_for(viewer).get("/api/files/profile/", {"path": "sales/s.csv"})
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["format"] == "csv" and body["path"] == "sales/s.csv"
    profile = body["profile"]
    assert profile["rows"] == 4 and not profile["sampled"]
    by_name = {c["name"]: c for c in profile["columns"]}
    assert by_name["city"]["nulls"] == 1 and by_name["city"]["distinct"] == 2
    assert by_name["amount"]["mean"] == pytest.approx((1.5 + 3.5 + 5.5) / 3)
    assert by_name["amount"]["quantiles"]["p50"] == pytest.approx(3.5)
    assert by_name["id"]["top"][0]["count"] == 1


def test_own_upload_yes_another_users_no(client_for, editor, user, root):
    frame = pl.DataFrame({"x": [1, 2]})
    _write(root, f"uploads/{editor.pk}/mine.parquet", frame)
    _write(root, f"uploads/{user.pk}/theirs.parquet", frame)
    client = client_for(editor)
    assert client.get("/api/files/profile/", {"path": f"uploads/{editor.pk}/mine.parquet"}).status_code == 200
    theirs = client.get("/api/files/profile/", {"path": f"uploads/{user.pk}/theirs.parquet"})
    missing = client.get("/api/files/profile/", {"path": f"uploads/{user.pk}/nothing.parquet"})
    assert theirs.status_code == missing.status_code == 404
    # No oracle: another user's file reads exactly as one that does not exist (but for its name).
    assert theirs.json()["detail"].replace("theirs", "X") == missing.json()["detail"].replace("nothing", "X")


@pytest.mark.parametrize(
    "path", ["../etc/passwd", "/etc/passwd", ".uploads/x.json", "sales/../../x.csv", "", "a\x00b.csv"]
)
def test_hostile_paths_are_refused(client_for, viewer, root, path):
    response = client_for(viewer).get("/api/files/profile/", {"path": path})
    assert response.status_code == 400
    assert "path" in response.json()


def test_symbolic_links_out_of_the_root_or_into_another_area_are_refused(client_for, editor, user, root, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("secret\n1\n")
    (root / "sales").mkdir(parents=True, exist_ok=True)
    os.symlink(outside, root / "sales" / "out.csv")
    _write(root, f"uploads/{user.pk}/theirs.csv", pl.DataFrame({"x": [1]}))
    os.symlink(root / "uploads" / str(user.pk) / "theirs.csv", root / "sales" / "into.csv")
    client = client_for(editor)
    assert client.get("/api/files/profile/", {"path": "sales/out.csv"}).status_code == 400  # leads out
    assert client.get("/api/files/profile/", {"path": "sales/into.csv"}).status_code == 404  # as if missing


def test_anonymous_is_refused(client, root):
    _write(root, "s.csv", pl.DataFrame({"x": [1]}))
    assert client.get("/api/files/profile/", {"path": "s.csv"}).status_code in (401, 403)


def test_a_large_file_is_sampled(client_for, viewer, root, settings):
    settings.SLUICE_PROFILE_ROWS = 500
    _write(root, "big.parquet", pl.DataFrame({"i": range(20_000)}))
    profile = client_for(viewer).get("/api/files/profile/", {"path": "big.parquet"}).json()["profile"]
    assert profile["rows"] == 20_000 and profile["sampled"] and profile["rows_profiled"] == 500
    assert profile["sample_step"] == 40
    assert profile["columns"][0]["max"] == 19_960


def test_a_file_that_does_not_parse_is_a_400(client_for, viewer, root):
    (root / "bad.parquet").write_bytes(b"not parquet at all")
    response = client_for(viewer).get("/api/files/profile/", {"path": "bad.parquet"})
    assert response.status_code == 400 and "parquet" in response.json()["path"][0]


def test_the_page_and_the_files_page_link(client, viewer, root):
    _write(root, "sales/s.csv", pl.DataFrame({"id": [1, 2], "name": ["a", None]}))
    client.force_login(viewer)
    listing = client.get("/files/")
    assert b"/files/profile/?path=sales/s.csv" in listing.content
    client.get("/files/profile/", {"path": "sales/s.csv"})  # the first request of a session writes more
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/files/profile/", {"path": "sales/s.csv"})
    assert page.status_code == 200
    assert b'data-column="name"' in page.content and b"50.0 %" in page.content
    assert b"<svg" in page.content
    _write(root, "sales/big.csv", pl.DataFrame({"id": range(5000), "name": ["x"] * 5000}))
    with CaptureQueriesContext(connection) as more:
        assert client.get("/files/profile/", {"path": "sales/big.csv"}).status_code == 200
    assert len(more) == len(queries)  # constant in the number of rows
    refused = client.get("/files/profile/", {"path": "../x.csv"})
    assert refused.status_code == 400 and b"alert" in refused.content
    assert client.get("/files/profile/", {"path": "nothing.csv"}).status_code == 404
