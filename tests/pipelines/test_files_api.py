"""The files API through the API client: listing, one-shot and resumable uploads, schema detection."""

from __future__ import annotations

import io
import os
import uuid
from pathlib import Path

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, include, path, reverse
from openapi_spec_validator import validate

from config.urls import urlpatterns as project_urlpatterns
from pipelines import files
from pipelines.api.files import files_urlpatterns

pytestmark = pytest.mark.django_db

# Until the files API is mounted in pipelines/api/urls.py, these tests mount it themselves.
urlpatterns = [path("api/", include(files_urlpatterns)), *project_urlpatterns]

FRAME = pl.DataFrame({"id": [1, 2, 3], "ville": ["Besançon", "東京", None], "amount": [1.5, 2.0, None]})
SCHEMA = {"id": "Int64", "ville": "String", "amount": "Float64"}


@pytest.fixture(autouse=True)
def files_urls(settings):
    try:
        reverse("file-list")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def root(settings) -> Path:
    return Path(settings.DATA_ROOT).resolve()


def upload(client, name: str, content: bytes, **fields):
    return client.post("/api/files/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def start(client, filename: str = "big.csv", size: int = 10, **extra):
    return client.post("/api/files/uploads/", {"filename": filename, "size": size, **extra}, format="json")


def put(client, upload_id: str, offset: int, chunk: bytes):
    return client.put(
        f"/api/files/uploads/{upload_id}/",
        data=chunk,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
    )


def as_bytes(write) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


# --- one-shot uploads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,content",
    [
        ("ventes été.csv", FRAME.write_csv().encode()),
        ("v.parquet", as_bytes(FRAME.write_parquet)),
        ("v.ndjson", FRAME.write_ndjson().encode()),
        ("v.json", FRAME.write_json().encode()),
        ("v.xlsx", as_bytes(FRAME.write_excel)),
    ],
)
def test_one_shot_upload_detects_format_and_schema(client_for, editor, root, name, content):
    response = upload(client_for(editor), name, content)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["path"] == f"uploads/{editor.pk}/{name}" and body["size"] == len(content)
    assert body["schema"] == SCHEMA and body["rows_sampled"] == 3 and body["error"] is None
    assert body["format"] == files.detect_format(name)
    assert (root / "uploads" / str(editor.pk) / name).read_bytes() == content
    assert [p.name for p in (root / "uploads" / str(editor.pk)).iterdir()] == [name]  # no temporary file left


def test_upload_into_a_subdirectory_and_overwrite(client_for, editor, root):
    client = client_for(editor)
    assert upload(client, "a.csv", b"x\n1\n", path="team/2026").json()["path"] == f"uploads/{editor.pk}/team/2026/a.csv"
    again = upload(client, "a.csv", b"x\n2\n", path="team/2026")
    assert again.status_code == 400 and "already exists" in again.json()["filename"][0]
    replaced = upload(client, "a.csv", b"x\n2\n3\n", path="team/2026", overwrite="true")
    assert replaced.status_code == 201 and replaced.json()["rows_sampled"] == 2


def test_a_file_that_does_not_parse_is_stored_with_the_reason(client_for, editor):
    response = upload(client_for(editor), "latin.csv", "nom\ncafé\n".encode("latin-1"))
    assert response.status_code == 201
    assert response.json()["schema"] == {} and "encoding" in response.json()["error"]
    unknown = upload(client_for(editor), "blob.bin", b"\x00\x01")
    assert unknown.status_code == 201 and unknown.json()["format"] is None and unknown.json()["error"]


@pytest.mark.parametrize(
    "name,fields,field",
    [
        ("ok.csv", {"filename": "../evil.csv"}, "filename"),
        ("ok.csv", {"filename": ".."}, "filename"),
        ("ok.csv", {"filename": "a\\b.csv"}, "filename"),
        ("ok.csv", {"filename": "bell\x07.csv"}, "filename"),
        (".hidden.csv", {}, "filename"),
        ("ok.csv", {"path": "../../etc"}, "path"),
        ("ok.csv", {"path": "/etc"}, "path"),
        ("ok.csv", {"path": ".uploads"}, "path"),
        ("x" * 250 + ".csv", {}, "filename"),
    ],
)
def test_path_traversal_and_bad_names_are_400(client_for, editor, root, name, fields, field):
    response = upload(client_for(editor), name, b"a\n1\n", **fields)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not list(root.rglob("*.csv")) and not (root.parent / "evil.csv").exists()


def test_directories_in_the_file_part_name_are_dropped(client_for, editor, root):
    response = upload(client_for(editor), "../../evil.csv", b"a\n1\n")  # the parser keeps the base name
    assert response.status_code == 201 and response.json()["path"] == f"uploads/{editor.pk}/evil.csv"
    assert (root / "uploads" / str(editor.pk) / "evil.csv").exists() and not (root.parent / "evil.csv").exists()


def test_symlinked_upload_directory_leading_out_is_refused(client_for, editor, root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "uploads" / str(editor.pk)).mkdir(parents=True)
    os.symlink(outside, root / "uploads" / str(editor.pk) / "out")
    response = upload(client_for(editor), "a.csv", b"a\n1\n", path="out")
    assert response.status_code == 400 and "outside the data root" in response.json()["path"][0]
    assert list(outside.iterdir()) == []


def test_one_shot_oversize_is_400(client_for, editor, settings, root):
    settings.UPLOAD_MAX_BYTES = 10
    response = upload(client_for(editor), "big.csv", b"a\n" + b"1\n" * 20)
    assert response.status_code == 400 and "limit" in response.json()["file"][0]
    assert not (root / "uploads").exists() or not list((root / "uploads").iterdir())


def test_viewer_cannot_upload_but_can_list(client_for, viewer, root):
    client = client_for(viewer)
    assert upload(client, "a.csv", b"a\n1\n").status_code == 403
    assert start(client).status_code == 403
    assert client.get("/api/files/").status_code == 200


def test_anonymous_is_refused(api):
    assert api.get("/api/files/").status_code in (401, 403)
    assert api.post("/api/files/uploads/", {"filename": "a.csv", "size": 1}, format="json").status_code in (401, 403)


# --- listing -------------------------------------------------------------------------------------------------


def test_listing_is_paginated_and_hides_staging_and_links_out(client_for, viewer, root, tmp_path):
    (root / "sales").mkdir()
    for i in range(5):
        (root / "sales" / f"2026-0{i + 1}.csv").write_text("a\n1\n")
    (root / "sales" / ".r.csv.sluice-stage-e1").write_text("partial")
    (root / ".uploads").mkdir()
    (root / ".uploads" / "x.part").write_text("partial")
    FRAME.write_parquet(root / "f.parquet")
    secret = tmp_path / "secret.csv"
    secret.write_text("s\n1\n")
    os.symlink(secret, root / "sales" / "link-out.csv")
    os.symlink(tmp_path, root / "dir-out")
    os.symlink(root / "f.parquet", root / "sales" / "link-in.parquet")
    client = client_for(viewer)
    body = client.get("/api/files/", {"page_size": 4}).json()
    assert body["count"] == 7
    first = body["results"]
    assert [r["path"] for r in first] == ["f.parquet", "sales/2026-01.csv", "sales/2026-02.csv", "sales/2026-03.csv"]
    assert first[0]["format"] == "parquet" and first[0]["size"] == (root / "f.parquet").stat().st_size
    assert first[0]["modified"]
    rest = client.get(body["next"]).json()["results"]
    assert [r["path"] for r in rest] == ["sales/2026-04.csv", "sales/2026-05.csv", "sales/link-in.parquet"]
    prefixed = client.get("/api/files/", {"prefix": "sales/2026-0"}).json()
    assert prefixed["count"] == 5
    assert client.get("/api/files/", {"prefix": "sales/"}).json()["count"] == 6


@pytest.mark.parametrize("prefix", ["../", "/etc", "a/../../b"])
def test_listing_refuses_prefixes_outside(client_for, viewer, prefix):
    response = client_for(viewer).get("/api/files/", {"prefix": prefix})
    assert response.status_code == 400 and "prefix" in response.json()


# --- resumable uploads -------------------------------------------------------------------------------------


def test_resumable_upload_with_resume(client_for, editor, root):
    content = FRAME.write_csv().encode()
    client = client_for(editor)
    started = start(client, "résumé.csv", len(content), path="team")
    assert started.status_code == 201
    state = started.json()
    assert state["offset"] == 0 and state["path"] == f"uploads/{editor.pk}/team/résumé.csv"
    upload_id = state["upload_id"]
    first = put(client, upload_id, 0, content[:10])
    assert first.status_code == 200 and first.json()["offset"] == 10 and first["Upload-Offset"] == "10"
    # The client lost track: ask where to resume.
    resumed = client.get(f"/api/files/uploads/{upload_id}/")
    assert resumed.status_code == 200 and resumed.json()["offset"] == 10
    wrong = put(client, upload_id, 0, content[:10])
    assert wrong.status_code == 409 and wrong.json()["offset"] == 10
    incomplete = client.post(f"/api/files/uploads/{upload_id}/complete/")
    assert incomplete.status_code == 400 and "Received 10" in incomplete.json()["offset"][0]
    assert put(client, upload_id, 10, content[10:]).json()["offset"] == len(content)
    done = client.post(f"/api/files/uploads/{upload_id}/complete/")
    assert done.status_code == 200, done.json()
    assert done.json()["schema"] == SCHEMA and done.json()["path"] == f"uploads/{editor.pk}/team/résumé.csv"
    assert (root / "uploads" / str(editor.pk) / "team" / "résumé.csv").read_bytes() == content
    assert list((root / ".uploads").iterdir()) == []
    assert client.get(f"/api/files/uploads/{upload_id}/").status_code == 404  # finished uploads are gone


def test_a_broken_chunk_keeps_what_arrived(editor, root):
    """The connection drops mid-chunk: the bytes that arrived count, the client resumes from there."""

    class Broken(io.BytesIO):
        def read(self, size=-1):
            if self.tell() >= 4:
                raise OSError("connection reset")
            return super().read(min(size, 2))

    state = files.upload_start(user=editor, filename="b.csv", size=8)
    broken = Broken(b"a,b\n1,2\n")
    after = files.upload_append(user=editor, upload_id=state["upload_id"], offset=0, stream=broken, length=8)
    assert after["offset"] == 4
    files.upload_append(user=editor, upload_id=state["upload_id"], offset=4, stream=io.BytesIO(b"1,2\n"), length=4)
    result = files.upload_complete(user=editor, upload_id=state["upload_id"])
    assert (root / result["path"]).read_bytes() == b"a,b\n1,2\n" and result["rows_sampled"] == 1


def test_resumable_limits(client_for, editor, settings):
    client = client_for(editor)
    settings.UPLOAD_MAX_BYTES = 100
    too_big = start(client, size=101)
    assert too_big.status_code == 400 and "limit" in too_big.json()["size"][0]
    upload_id = start(client, size=10).json()["upload_id"]
    past_size = put(client, upload_id, 0, b"x" * 11)
    assert past_size.status_code == 400 and "declared size" in past_size.json()["chunk"][0]
    assert client.get(f"/api/files/uploads/{upload_id}/").json()["offset"] == 0  # refused whole
    settings.UPLOAD_CHUNK_MAX_BYTES = 4
    big_chunk = put(client, upload_id, 0, b"x" * 5)
    assert big_chunk.status_code == 400 and "at most 4 bytes" in big_chunk.json()["chunk"][0]
    no_offset = client.put(f"/api/files/uploads/{upload_id}/", data=b"x", content_type="application/octet-stream")
    assert no_offset.status_code == 400 and "Upload-Offset" in no_offset.json()


def test_resumable_names_are_checked(client_for, editor):
    client = client_for(editor)
    assert start(client, "../../x.csv").status_code == 400
    assert "path" in start(client, "x.csv", path="../x").json()
    assert start(client, "x.csv", size=-1).status_code == 400
    assert start(client, "x.csv", size="ten").status_code == 400


def test_another_users_upload_is_404(client_for, editor, user):
    upload_id = start(client_for(editor)).json()["upload_id"]
    other = client_for(user)
    assert other.get(f"/api/files/uploads/{upload_id}/").status_code == 404
    assert put(other, upload_id, 0, b"x").status_code == 404
    assert other.post(f"/api/files/uploads/{upload_id}/complete/").status_code == 404
    assert other.get(f"/api/files/uploads/{uuid.uuid4()}/").status_code == 404
    assert client_for(editor).get(f"/api/files/uploads/{upload_id}/").status_code == 200


def test_stale_uploads_are_purged(editor, root):
    state = files.upload_start(user=editor, filename="old.csv", size=3)
    assert files.uploads_purge(older_than_seconds=3600) == 0
    assert files.uploads_purge(older_than_seconds=-1) == 1
    with pytest.raises(files.UploadNotFound):
        files.upload_status(user=editor, upload_id=state["upload_id"])


# --- the OpenAPI document ----------------------------------------------------------------------------------


def test_openapi_documents_the_files_api(client_for, viewer):
    document = client_for(viewer).get("/api/schema/?format=json").json()
    validate(document)
    paths = {
        "/api/files/": {"get", "post"},
        "/api/files/uploads/": {"post"},
        "/api/files/uploads/{upload_id}/": {"get", "put"},
        "/api/files/uploads/{upload_id}/complete/": {"post"},
    }
    for url, methods in paths.items():
        assert set(document["paths"][url]) == methods, url
        for operation in document["paths"][url].values():
            assert operation["summary"] and operation["tags"] == ["files"]
    upload_op = document["paths"]["/api/files/"]["post"]
    assert "multipart/form-data" in upload_op["requestBody"]["content"]
    listing = document["paths"]["/api/files/"]["get"]
    assert {"prefix", "page", "page_size"} <= {p["name"] for p in listing["parameters"]}
    chunk = document["paths"]["/api/files/uploads/{upload_id}/"]["put"]
    assert "409" in chunk["responses"] and any(p["name"] == "Upload-Offset" for p in chunk["parameters"])


def test_bodies_larger_than_the_request_limit_stream_through(client_for, editor, settings, root):
    """Uploads are not bound by SLUICE_MAX_REQUEST_BYTES (JSON bodies) nor read whole into memory."""
    size = settings.SLUICE_MAX_REQUEST_BYTES + 1024 * 1024
    content = b"n\n" + b"7\n" * ((size - 2) // 2)
    client = client_for(editor)
    response = upload(client, "large.csv", content)
    assert response.status_code == 201 and response.json()["size"] == len(content)
    upload_id = start(client, "large2.csv", len(content)).json()["upload_id"]
    assert put(client, upload_id, 0, content).json()["offset"] == len(content)
    done = client.post(f"/api/files/uploads/{upload_id}/complete/").json()
    assert done["rows_sampled"] == files.INSPECT_ROWS
    assert (root / "uploads" / str(editor.pk) / "large2.csv").stat().st_size == len(content)
