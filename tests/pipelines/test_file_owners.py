"""Files have owners (docs/files.md): two editors, a teammate, a viewer and an admin against the files API,
the files page, validation and dry runs.

alice and carol share the group "team"; bob is an editor outside it; vera a viewer; root an admin.
alice's upload lives in uploads/<alice id>/. The rule under test:
- readable by its owner, by admins and by users who share a (non-role) group with the owner;
- writable only by its owner (uploads always land in the uploader's own area);
- a saved pipeline opens only what its owner and the person asking both may;
- another user's file and a missing file give the same message; hidden names (.uploads/) are refused.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urlpatterns
from pipelines import files, services
from pipelines.api.files import files_urlpatterns
from pipelines.graph import parse_graph_document
from pipelines.paths import (
    UNRESTRICTED,
    FileAccess,
    PathNotFound,
    UnsafePathError,
    file_access_for,
    file_access_for_pipeline,
    not_found_message,
    resolve_data_path,
)
from tests import factories

pytestmark = pytest.mark.django_db

urlpatterns = [path("api/", include(files_urlpatterns)), *project_urlpatterns]

SECRET = b"secret_column,amount\nalice-only,42\n"


@pytest.fixture(autouse=True)
def files_urls(settings):
    try:
        reverse("file-list")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


@pytest.fixture
def root(settings) -> Path:
    return Path(settings.DATA_ROOT).resolve()


@pytest.fixture
def team(db):
    return Group.objects.create(name="team")


@pytest.fixture
def alice(team):
    user = factories.UserFactory(role="editor", username="alice")
    user.groups.add(team)
    return user


@pytest.fixture
def carol(team):
    user = factories.UserFactory(role="editor", username="carol")
    user.groups.add(team)
    return user


@pytest.fixture
def bob(db):
    return factories.UserFactory(role="editor", username="bob")


@pytest.fixture
def vera(db):
    return factories.UserFactory(role="viewer", username="vera")


@pytest.fixture
def admin(db):
    return factories.UserFactory(is_staff=True, username="root")


def upload(client, name: str, content: bytes, **fields):
    return client.post("/api/files/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


@pytest.fixture
def secret(client_for, alice, root) -> str:
    """alice's upload: its path relative to the data root."""
    response = upload(client_for(alice), "secret.csv", SECRET)
    assert response.status_code == 201, response.json()
    assert response.json()["path"] == f"uploads/{alice.pk}/secret.csv"
    return response.json()["path"]


def listed(client, **params) -> list[str]:
    response = client.get("/api/files/", {"page_size": 500, **params})
    assert response.status_code == 200, response.json()
    return [item["path"] for item in response.json()["results"]]


def file_graph(source_path: str) -> dict:
    return {
        "nodes": [
            {"key": "src", "type": "source.file", "config": {"path": source_path, "format": "csv"}},
            {"key": "dst", "type": "destination.file", "config": {"path": "out/copy.csv", "format": "csv"}},
        ],
        "edges": [{"source": "src", "target": "dst"}],
    }


def validate(client, source_path: str) -> dict:
    response = client.post("/api/validate/", {"graph": file_graph(source_path)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def source_problems(body: dict) -> list[str]:
    return [p["message"] for p in body["problems"] if p.get("node") == "src"]


def leaks(body) -> bool:
    text = str(body)
    return "secret_column" in text or "alice-only" in text


# --- listing ------------------------------------------------------------------------------------------


def test_listing_shows_each_user_what_they_may_open(client_for, secret, root, alice, bob, carol, vera, admin):
    (root / "shared").mkdir()
    (root / "shared" / "demo.csv").write_text("a\n1\n")
    (root / "uploads" / "legacy.csv").write_text("a\n1\n")  # before areas existed: owner unknown, admins only
    assert listed(client_for(alice)) == ["shared/demo.csv", secret]
    assert listed(client_for(carol)) == ["shared/demo.csv", secret]  # shares the group "team"
    assert listed(client_for(bob)) == ["shared/demo.csv"]
    assert listed(client_for(vera)) == ["shared/demo.csv"]
    assert listed(client_for(admin)) == ["shared/demo.csv", secret, "uploads/legacy.csv"]  # sorted by path
    # A prefix into someone else's area answers like an empty one.
    assert listed(client_for(bob), prefix=f"uploads/{alice.pk}/") == []
    assert listed(client_for(bob), prefix=f"uploads/{alice.pk}/sec") == []
    assert listed(client_for(bob), prefix="uploads/999999/") == []
    assert listed(client_for(bob), prefix="uploads/") == []
    assert listed(client_for(carol), prefix=f"uploads/{alice.pk}/") == [secret]


def test_role_groups_do_not_share_files(client_for, secret, alice):
    """Every editor is in the group "editor": that is a role, not a team."""
    other_editor = factories.UserFactory(role="editor")
    assert alice.groups.filter(name="editor").exists() and other_editor.groups.filter(name="editor").exists()
    assert listed(client_for(other_editor)) == []


@pytest.mark.parametrize("prefix", [".uploads", ".uploads/", "uploads/.x", "sales/.hidden", "./.uploads"])
def test_hidden_prefixes_are_400(client_for, bob, root, prefix):
    (root / ".uploads").mkdir()
    (root / ".uploads" / "abc.part").write_text("partial")
    response = client_for(bob).get("/api/files/", {"prefix": prefix})
    assert response.status_code == 400 and "prefix" in response.json(), response.content
    assert "partial" not in response.content.decode()


def test_unfinished_uploads_are_never_listed(client_for, alice, admin):
    files.upload_start(user=alice, filename="big.csv", size=100)
    for user in (alice, admin):
        assert not [p for p in listed(client_for(user)) if ".uploads" in p or p.endswith(".part")]


@pytest.mark.parametrize("length", [300, 5000])
def test_long_prefixes_are_400_with_a_field_message(client_for, bob, length):
    for prefix in ("a" * length, *(["/".join(["b" * 20] * (length // 21))] if length > 1024 else [])):
        response = client_for(bob).get("/api/files/", {"prefix": prefix})
        assert response.status_code == 400, (length, response.status_code)
        assert response.json()["prefix"], response.json()


def test_file_system_errors_in_a_prefix_are_not_500(client_for, bob, root):
    (root / "loop").symlink_to(root / "loop")  # ELOOP
    (root / "plain.csv").write_text("a\n1\n")
    loop = client_for(bob).get("/api/files/", {"prefix": "loop/x"})
    assert loop.status_code in (200, 400) and (loop.status_code == 200 or loop.json()["prefix"])
    assert client_for(bob).get("/api/files/", {"prefix": "plain.csv/x"}).status_code == 200  # ENOTDIR


# --- uploads --------------------------------------------------------------------------------------------


def test_nobody_overwrites_another_users_upload(client_for, secret, root, alice, bob, admin):
    bob_client = client_for(bob)
    attempts = [
        {"overwrite": "true"},
        {"overwrite": "true", "filename": "secret.csv"},
        {"overwrite": "true", "path": f"../{alice.pk}"},
        {"overwrite": "true", "path": f"/uploads/{alice.pk}"},
    ]
    for fields in attempts:
        response = upload(bob_client, "secret.csv", b"evil\n1\n", **fields)
        assert response.status_code in (201, 400), response.content
        if response.status_code == 201:
            assert response.json()["path"].startswith(f"uploads/{bob.pk}/")
    # A path that looks like alice's area lands inside bob's own.
    nested = upload(bob_client, "secret.csv", b"evil\n1\n", path=f"uploads/{alice.pk}", overwrite="true")
    assert nested.json()["path"] == f"uploads/{bob.pk}/uploads/{alice.pk}/secret.csv"
    assert (root / secret).read_bytes() == SECRET
    # Admins upload into their own area too.
    assert upload(client_for(admin), "secret.csv", b"x\n1\n", overwrite="true").json()["path"] == (
        f"uploads/{admin.pk}/secret.csv"
    )
    assert (root / secret).read_bytes() == SECRET


def test_resumable_upload_of_another_user_is_404(client_for, alice, bob, admin):
    state = client_for(alice).post("/api/files/uploads/", {"filename": "r.csv", "size": 4}, format="json").json()
    assert state["path"] == f"uploads/{alice.pk}/r.csv"
    url = f"/api/files/uploads/{state['upload_id']}/"
    for intruder in (bob, admin):
        client = client_for(intruder)
        assert client.get(url).status_code == 404
        put = client.put(url, data=b"x\n1\n", content_type="application/offset+octet-stream", HTTP_UPLOAD_OFFSET="0")
        assert put.status_code == 404
        assert client.post(f"{url}complete/").status_code == 404
    assert client_for(alice).get(url).json()["offset"] == 0  # nothing was appended


@pytest.mark.parametrize("length", [300, 5000])
def test_long_upload_paths_and_names_are_400(client_for, bob, length):
    client = client_for(bob)
    response = upload(client, "a.csv", b"a\n1\n", path="p" * length)
    assert response.status_code == 400 and response.json()["path"], response.content
    response = upload(client, "a.csv", b"a\n1\n", filename="f" * length)
    assert response.status_code == 400 and response.json()["filename"], response.content
    started = client.post("/api/files/uploads/", {"filename": "a.csv", "size": 1, "path": "d" * length}, format="json")
    assert started.status_code == 400 and started.json()["path"], started.content


def test_there_is_no_delete(client_for, secret, bob, root):
    assert client_for(bob).delete("/api/files/", {"path": secret}).status_code == 405
    assert (root / secret).exists()


# --- inspection (the files page) ----------------------------------------------------------------------


def inspect_page(client, user, target: str) -> str:
    """The inspection card of the files page."""
    client.force_login(user)
    response = client.get("/files/", {"inspect": target})
    assert response.status_code == 200
    body = response.content.decode()
    start = body.index('aria-labelledby="inspect-title"')
    return body[start : body.index("</section>", start)]


def test_inspection_of_another_users_file_reads_like_a_missing_one(client, secret, alice, bob, carol, vera, admin):
    missing = f"uploads/{alice.pk}/nope.csv"
    for intruder in (bob, vera):
        body = inspect_page(client, intruder, secret)
        assert "secret_column" not in body and "alice-only" not in body
        assert body.replace(secret, missing) == inspect_page(client, intruder, missing)
    for reader in (alice, carol, admin):
        assert "secret_column" in inspect_page(client, reader, secret)


@pytest.mark.parametrize("target", [".uploads", ".uploads/x.part", "uploads/.x", "x" * 300, "y/" * 2500])
def test_inspection_refuses_hidden_and_long_paths(client, bob, root, target):
    (root / ".uploads").mkdir()
    (root / ".uploads" / "x.part").write_text("a\nZZMARKER\n")
    body = inspect_page(client, bob, target)
    assert "text-danger" in body and "ZZMARKER" not in body


# --- source.file: validation, dry run --------------------------------------------------------------------


def test_validation_of_another_users_file_reads_like_a_missing_one(client_for, secret, alice, bob, carol, admin):
    missing = f"uploads/{alice.pk}/nope.csv"
    for intruder in (bob,):
        denied = validate(client_for(intruder), secret)
        assert denied["valid"] is False and not leaks(denied)
        assert source_problems(denied) == [f"src: {not_found_message(secret)}"]
        assert [m.replace(missing, secret) for m in source_problems(validate(client_for(intruder), missing))] == (
            source_problems(denied)
        )
    for reader in (alice, carol, admin):
        body = validate(client_for(reader), secret)
        assert body["valid"] is True, body["problems"]


@pytest.mark.parametrize(
    "pattern", ["uploads/*/secret.csv", "uploads/**/*.csv", "**/*.csv", "uploads", "uploads/{alice}"]
)
def test_globs_and_directories_skip_what_the_reader_may_not_open(client_for, secret, alice, bob, pattern):
    pattern = pattern.format(alice=alice.pk)
    denied = validate(client_for(bob), pattern)
    assert denied["valid"] is False and not leaks(denied)
    assert validate(client_for(alice), pattern)["valid"] is True


@pytest.mark.parametrize("source_path", [".uploads/{id}.part", ".uploads", "uploads/.x.csv", "a/../.uploads/x"])
def test_source_file_never_reaches_upload_state(client_for, alice, admin, source_path):
    state = files.upload_start(user=alice, filename="s.csv", size=10)
    Path(files.data_root() / ".uploads" / f"{state['upload_id'].replace('-', '')}.part").write_bytes(b"a\n1\n")
    source_path = source_path.format(id=state["upload_id"].replace("-", ""))
    for user in (alice, admin):
        body = validate(client_for(user), source_path)
        assert body["valid"] is False and source_problems(body), body


@pytest.mark.parametrize("length", [300, 5000])
def test_long_source_paths_are_problems_not_500(client_for, bob, length):
    body = validate(client_for(bob), "s" * length)
    assert body["valid"] is False and source_problems(body)


def test_a_saved_pipeline_opens_only_what_its_owner_and_the_asker_both_may(client_for, secret, alice, bob, admin):
    bobs = services.pipeline_create(user=bob, name="bob reads alice", graph=parse_graph_document(file_graph(secret)))
    alices = services.pipeline_create(user=alice, name="alice", graph=parse_graph_document(file_graph(secret)))
    alices.shared_with_users.add(bob)
    # An admin validating bob's pipeline gets what bob may open, not what an admin may.
    body = client_for(admin).post(f"/api/pipelines/{bobs.pk}/validate/", {}, format="json").json()
    assert body["valid"] is False and source_problems(body) == [f"src: {not_found_message(secret)}"]
    # bob validating alice's pipeline (shared with him) cannot read her file through it.
    body = client_for(bob).post(f"/api/pipelines/{alices.pk}/validate/", {}, format="json").json()
    assert body["valid"] is False and not leaks(body)
    assert client_for(alice).post(f"/api/pipelines/{alices.pk}/validate/", {}, format="json").json()["valid"]
    # Nor save a version of it that reads her file.
    with pytest.raises(Exception, match="does not exist"):
        services.pipeline_version_create(pipeline=alices, user=bob)


def test_dry_run_of_another_users_file_shows_no_rows(client_for, secret, alice, bob):
    bobs = services.pipeline_create(user=bob, name="bob", graph=parse_graph_document(file_graph(secret)))
    response = client_for(bob).post(f"/api/pipelines/{bobs.pk}/dry-run/", {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False and not leaks(body)
    assert body["nodes"]["src"]["status"] == "invalid"
    assert not_found_message(secret) in body["nodes"]["src"]["error"]
    # With a graph in the body, on alice's pipeline: still bob's reach at most.
    alices = services.pipeline_create(user=alice, name="alice", graph=parse_graph_document(file_graph(secret)))
    alices.shared_with_users.add(bob)
    response = client_for(bob).post(
        f"/api/pipelines/{alices.pk}/dry-run/", {"graph": file_graph(secret)}, format="json"
    )
    assert response.status_code == 200 and not leaks(response.json())
    mine = client_for(alice).post(f"/api/pipelines/{alices.pk}/dry-run/", {}, format="json").json()
    assert mine["nodes"]["src"]["status"] == "ok" and "alice-only" in str(mine["nodes"]["src"]["preview"])


# --- symbolic links ---------------------------------------------------------------------------------------


def test_symbolic_links_do_not_carry_a_reader_into_another_area(client_for, secret, root, alice, bob):
    bob_area = root / "uploads" / str(bob.pk)
    bob_area.mkdir(parents=True)
    (bob_area / "link.csv").symlink_to(root / secret)  # bob's area -> alice's file
    (root / "shared").mkdir()
    (root / "shared" / "alias.csv").symlink_to(root / secret)  # shared area -> alice's file
    (root / "shared" / "state").symlink_to(root / ".uploads", target_is_directory=True)
    (root / ".uploads").mkdir(exist_ok=True)
    (root / ".uploads" / "x.csv").write_text("a\nstate\n")
    for link in (f"uploads/{bob.pk}/link.csv", "shared/alias.csv", "shared/state/x.csv"):
        body = validate(client_for(bob), link)
        assert body["valid"] is False and source_problems(body) == [f"src: {not_found_message(link)}"], body
    assert listed(client_for(bob)) == []
    assert validate(client_for(alice), "shared/alias.csv")["valid"] is True
    assert listed(client_for(alice)) == ["shared/alias.csv", secret]


# --- the resolver itself -----------------------------------------------------------------------------------


def test_resolver_rules(root, alice, bob, carol, admin):
    area = root / "uploads" / str(alice.pk)
    area.mkdir(parents=True)
    (area / "f.csv").write_text("a\n1\n")
    relative = f"uploads/{alice.pk}/f.csv"
    assert resolve_data_path(relative, access=file_access_for(alice), must_exist=True) == area / "f.csv"
    assert resolve_data_path(relative, access=file_access_for(carol), must_exist=True) == area / "f.csv"
    assert resolve_data_path(relative, access=UNRESTRICTED, must_exist=True) == area / "f.csv"
    for access in (file_access_for(bob), None, FileAccess()):
        with pytest.raises(PathNotFound):
            resolve_data_path(relative, access=access)
    with pytest.raises(PathNotFound):  # carol reads alice's area but never writes it
        resolve_data_path(relative, access=file_access_for(carol), write=True)
    with pytest.raises(UnsafePathError, match="hidden"):
        resolve_data_path(".uploads/x", access=UNRESTRICTED)
    # Look-alike digits and leading zeros are not a user id: admins only.
    for odd in (f"uploads/0{alice.pk}/f.csv", "uploads/\uff11/f.csv"):
        with pytest.raises(PathNotFound):
            resolve_data_path(odd, access=file_access_for(alice))
    # The intersection: a pipeline of bob's, validated by an admin, opens what bob may.
    pipeline = factories.PipelineFactory(owner=bob)
    with pytest.raises(PathNotFound):
        resolve_data_path(relative, access=file_access_for_pipeline(pipeline=pipeline, user=admin))
    # The plain-data form crosses processes unchanged.
    access = file_access_for(carol)
    assert FileAccess.from_dict(access.to_dict()) == access
    assert resolve_data_path(relative, access=access.to_dict()) == area / "f.csv"


def test_anonymous_and_missing_users_get_the_shared_area_only(root):
    from django.contrib.auth.models import AnonymousUser

    assert file_access_for(AnonymousUser()) == FileAccess() == file_access_for()
    assert file_access_for(None, None) == FileAccess()


def test_over_long_components_are_refused_before_the_file_system(root):
    with pytest.raises(UnsafePathError, match="255 bytes"):
        resolve_data_path("x" * 300)
    with pytest.raises(UnsafePathError, match="1,024 bytes"):
        resolve_data_path("/".join(["y" * 10] * 200))
    os.symlink(root / "loop", root / "loop")
    with pytest.raises(UnsafePathError):
        resolve_data_path("loop/x", must_exist=True)
    with pytest.raises(UnsafePathError, match="not valid text"):
        resolve_data_path("a/\ud800.csv")


def test_names_that_are_not_text_are_refused_or_skipped(client_for, bob, root):
    (root / "sales").mkdir()
    (root / "sales" / "ok.csv").write_text("a\n1\n")
    with open(os.path.join(os.fsencode(root / "sales"), b"bad\xff.csv"), "w") as handle:  # not UTF-8 on disk
        handle.write("a\n1\n")
    assert listed(client_for(bob)) == ["sales/ok.csv"]
    client = client_for(bob)
    # JSON may carry a lone surrogate ("\ud800" escaped, as json.dumps writes it).
    raw = json.dumps({"graph": file_graph("sales/\ud800.csv")})
    response = client.post("/api/validate/", data=raw, content_type="application/json")
    if response.status_code == 400:  # refused while parsing the graph document
        assert response.json()["graph.nodes.0.config.path"], response.content
    else:
        assert response.status_code == 200 and "not valid text" in source_problems(response.json())[0]
    raw = json.dumps({"filename": "a.csv", "size": 1, "path": "d\ud800"})
    response = client.post("/api/files/uploads/", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.json()["path"], response.content
