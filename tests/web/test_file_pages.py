"""The files page: listing and schema of what lies under the data root, and uploads (editor role,
size limit, path traversal refused inline, nothing written on an error)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_root(settings, tmp_path):
    settings.DATA_ROOT = tmp_path
    (tmp_path / "sales").mkdir()
    (tmp_path / "sales" / "jan.csv").write_text("id,amount\n1,10.5\n2,3\n")
    return tmp_path


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/files/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_lists_files_and_shows_a_schema(client, viewer, data_root):
    client.force_login(viewer)
    body = client.get("/files/?inspect=sales/jan.csv").content.decode()
    assert "sales/jan.csv" in body and "amount" in body and "Float64" in body
    assert "You need the editor role to upload files" in body  # a viewer sees why there is no form


def test_prefix_filter_and_a_path_leaving_the_root_is_an_inline_error(client, viewer, data_root):
    (data_root / "other.csv").write_text("a\n1\n")
    client.force_login(viewer)
    body = client.get("/files/?prefix=sales/").content.decode()
    assert "sales/jan.csv" in body and "other.csv" not in body
    body = client.get("/files/?prefix=../etc").content.decode()
    assert "invalid-feedback" in body and "passwd" not in body


def test_editor_uploads_into_uploads(client, editor, data_root):
    client.force_login(editor)
    upload = SimpleUploadedFile("new.csv", b"x,y\n1,2\n", content_type="text/csv")
    response = client.post("/files/", {"file": upload, "path": "team"})
    assert response.status_code == 302 and f"inspect=uploads/{editor.pk}/team/new.csv" in response.url
    assert (data_root / "uploads" / str(editor.pk) / "team" / "new.csv").read_bytes() == b"x,y\n1,2\n"


def test_viewer_cannot_upload(client, viewer, data_root):
    client.force_login(viewer)
    response = client.post("/files/", {"file": SimpleUploadedFile("a.csv", b"a\n1\n")})
    assert response.status_code == 403
    assert not (data_root / "uploads").exists()


def test_too_large_and_traversal_are_refused_inline_and_nothing_is_written(client, editor, data_root, settings):
    settings.UPLOAD_MAX_BYTES = 10
    client.force_login(editor)
    response = client.post("/files/", {"file": SimpleUploadedFile("big.csv", b"a\n" + b"1\n" * 50)})
    assert response.status_code == 400 and "limit" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 10_000
    response = client.post("/files/", {"file": SimpleUploadedFile("a.csv", b"a\n1\n"), "path": "../../etc"})
    assert response.status_code == 400 and "is-invalid" in response.content.decode()
    assert not [p for p in data_root.rglob("*") if p.is_file() and p.name in ("big.csv", "a.csv")]
