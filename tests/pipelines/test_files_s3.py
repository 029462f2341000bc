"""The data store on a real S3 API (moto's server, tests/s3_server.py): SLUICE_DATA_URL=s3://bucket/prefix.

Uploads (one-shot and resumable, through the API) land in the bucket under the uploader's area and never on
the local disk; listing, inspection and profiles read the bucket; the sharing rule of docs/files.md holds
exactly as on disk; hostile paths are 400s naming the field; ``source.file`` reads every format from the
bucket (globs, directories, Hive partitions, transcoded CSV); ``destination.file`` stages under a hidden key
and publishes on commit; stale resumable uploads are purged. No S3 call is mocked.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import uuid
from pathlib import Path

import polars as pl
import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, include, path, reverse

from config.urls import urlpatterns as project_urlpatterns
from core.object_store import artifacts_url_problem
from pipelines import files, files_objects
from pipelines.api.files import files_urlpatterns
from pipelines.nodes import registry
from pipelines.nodes.base import BuildContext, NodeError
from pipelines.paths import file_access_for, resolve_data_path
from pipelines.services.profiles import file_profile
from pipelines.stores import ObjectPath, store_root
from tests import factories
from tests.e2e.object_store import apply_data

pytestmark = pytest.mark.django_db

urlpatterns = [path("api/", include(files_urlpatterns)), *project_urlpatterns]

SOURCE = registry.get("source.file")
DESTINATION = registry.get("destination.file")
FRAME = pl.DataFrame({"id": [1, 2, 3], "ville": ["Besançon", "東京", None], "amount": [1.5, 2.0, None]})


@pytest.fixture(autouse=True)
def files_urls(settings):
    try:
        reverse("file-list")
    except NoReverseMatch:
        settings.ROOT_URLCONF = __name__


class Bucket:
    """The test's data store: a fresh prefix of one bucket on the S3 server."""

    def __init__(self, s3_server, name: str, prefix: str):
        self.server, self.name, self.prefix = s3_server, name, prefix

    def put(self, key: str, body: bytes) -> None:
        self.server.client().put_object(Bucket=self.name, Key=f"{self.prefix}/{key}", Body=body)

    def get(self, key: str) -> bytes:
        return self.server.client().get_object(Bucket=self.name, Key=f"{self.prefix}/{key}")["Body"].read()

    def keys(self, under: str = "") -> list[str]:
        return sorted(k.removeprefix(f"{self.prefix}/") for k in self.server.keys(self.name, f"{self.prefix}/{under}"))

    def put_frame(self, key: str, frame: pl.DataFrame) -> None:
        buffer = io.BytesIO()
        suffix = key.rsplit(".", 1)[-1]
        {
            "csv": frame.write_csv,
            "parquet": frame.write_parquet,
            "ndjson": frame.write_ndjson,
            "json": frame.write_json,
            "xlsx": frame.write_excel,
        }[suffix](buffer)
        self.put(key, buffer.getvalue())


@pytest.fixture
def bucket(s3_server, settings, tmp_path) -> Bucket:
    name = s3_server.bucket("sluice-data-unit")
    prefix = f"data-{uuid.uuid4().hex[:10]}"
    apply_data(settings, s3_server, f"s3://{name}/{prefix}")
    settings.DATA_ROOT = tmp_path / "local-data"  # must stay empty: nothing of the store is written here
    return Bucket(s3_server, name, prefix)


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


def upload(client, name: str, content: bytes, **fields):
    return client.post("/api/files/", {"file": SimpleUploadedFile(name, content), **fields}, format="multipart")


def local_files(settings) -> list[Path]:
    return [p for p in Path(settings.DATA_ROOT).rglob("*") if p.is_file()] if Path(settings.DATA_ROOT).exists() else []


# --- uploads, listing, inspection, owners --------------------------------------------------------------


def test_upload_lands_in_the_bucket_and_is_listed_inspected_and_profiled(
    client_for, alice, bob, carol, bucket, settings
):
    content = FRAME.write_csv().encode()
    response = upload(client_for(alice), "sales.csv", content, path="q1")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["path"] == f"uploads/{alice.pk}/q1/sales.csv"
    assert body["schema"] == {"id": "Int64", "ville": "String", "amount": "Float64"} and body["rows_sampled"] == 3
    assert bucket.keys() == [f"uploads/{alice.pk}/q1/sales.csv"]
    assert bucket.get(f"uploads/{alice.pk}/q1/sales.csv") == content
    assert local_files(settings) == []

    listed = client_for(alice).get("/api/files/").json()["results"]
    assert [(f["path"], f["size"], f["format"]) for f in listed] == [(body["path"], len(content), "csv")]
    assert [f["path"] for f in client_for(carol).get("/api/files/").json()["results"]] == [body["path"]]
    assert client_for(bob).get("/api/files/").json()["results"] == []  # not bob's, not shared with him

    # bob's inspection and profile of alice's file read as a missing file; carol's read it
    with pytest.raises(ValidationError, match="does not exist"):
        files.file_inspect(path=body["path"], access=file_access_for(bob))
    assert files.file_inspect(path=body["path"], access=file_access_for(carol))["rows_sampled"] == 3
    profile = file_profile(path=body["path"], access=file_access_for(carol))
    assert profile["size"] == len(content) and profile["profile"]["rows"] == 3

    # the same name again needs overwrite; bob's upload of it lands in his own area
    assert upload(client_for(alice), "sales.csv", b"a\n1\n", path="q1").status_code == 400
    assert upload(client_for(alice), "sales.csv", b"a\n1\n", path="q1", overwrite="true").status_code == 201
    assert bucket.get(f"uploads/{alice.pk}/q1/sales.csv") == b"a\n1\n"
    assert upload(client_for(bob), "sales.csv", b"b\n2\n", path="q1").json()["path"] == f"uploads/{bob.pk}/q1/sales.csv"


def test_an_upload_past_the_limit_while_streaming_leaves_no_object(bucket, alice):
    target = store_root() / f"uploads/{alice.pk}/big.csv"
    chunks = (b"x" * 1024 for _ in range(10))
    with pytest.raises(files_objects.TooLarge):
        files_objects.write_chunks(chunks, target, limit=5 * 1024)
    assert bucket.keys() == []
    assert files_objects.write_chunks([b"a,b\n", b"1,2\n"], target, limit=8) == 8
    assert bucket.get(f"uploads/{alice.pk}/big.csv") == b"a,b\n1,2\n"


def test_one_shot_oversize_is_400(client_for, alice, bucket, settings):
    settings.UPLOAD_MAX_BYTES = 10
    response = upload(client_for(alice), "big.csv", b"x" * 100)
    assert response.status_code == 400 and "file" in response.json()
    assert bucket.keys() == []


def test_resumable_upload_in_the_bucket(client_for, alice, bob, bucket, settings):
    client = client_for(alice)
    content = b"id,name\n" + b"".join(f"{i},n{i}\n".encode() for i in range(500))
    start = client.post("/api/files/uploads/", {"filename": "r.csv", "size": len(content)}, format="json")
    assert start.status_code == 201, start.content
    upload_id = start.json()["upload_id"]

    def put(data: bytes, offset: int):
        return client.put(
            f"/api/files/uploads/{upload_id}/",
            data=data,
            content_type="application/offset+octet-stream",
            HTTP_UPLOAD_OFFSET=str(offset),
        )

    assert put(content[:1000], 0).json()["offset"] == 1000
    assert put(content[:10], 0).status_code == 409  # the upload is at 1000
    assert client.get(f"/api/files/uploads/{upload_id}/").json()["offset"] == 1000
    assert client_for(bob).get(f"/api/files/uploads/{upload_id}/").status_code == 404
    assert client.post(f"/api/files/uploads/{upload_id}/complete/").status_code == 400  # not all there yet
    too_long = put(content[1000:] + b"extra", 1000)
    assert too_long.status_code == 400 and "chunk" in too_long.json()
    assert client.get(f"/api/files/uploads/{upload_id}/").json()["offset"] == 1000  # refused whole
    assert put(content[1000:], 1000).json()["offset"] == len(content)
    done = client.post(f"/api/files/uploads/{upload_id}/complete/")
    assert done.status_code == 200, done.content
    assert done.json()["rows_sampled"] == 500
    assert bucket.get(f"uploads/{alice.pk}/r.csv") == content
    assert bucket.keys() == [f"uploads/{alice.pk}/r.csv"]  # the chunks and the state are gone
    assert client.get(f"/api/files/uploads/{upload_id}/").status_code == 404
    assert local_files(settings) == []


def test_stale_resumable_uploads_are_purged(bucket, alice):
    state = files.upload_start(user=alice, filename="s.csv", size=10)
    files.upload_append(user=alice, upload_id=state["upload_id"], offset=0, stream=io.BytesIO(b"abc"), length=3)
    assert len(bucket.keys(".uploads/")) == 2
    assert files.uploads_purge(older_than_seconds=3600) == 0
    assert files.uploads_purge(older_than_seconds=-1) == 1
    assert bucket.keys() == []


@pytest.mark.parametrize(
    "prefix",
    ["../x", "/etc", "%2e%2e/x", "s3://other-bucket/x", "a\x00b", "uploads/.x", ".uploads/", "a?b", "a#b"],
)
def test_listing_refuses_hostile_prefixes(client_for, alice, bucket, prefix):
    response = client_for(alice).get("/api/files/", {"prefix": prefix})
    assert response.status_code == 400 and "prefix" in response.json(), response.content


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"path": "../other"}, "path"),
        ({"path": "/abs"}, "path"),
        ({"path": "%2e%2e"}, "path"),
        ({"path": "s3://other-bucket"}, "path"),
        ({"path": ".hidden"}, "path"),
        ({"filename": "../../x.csv"}, "filename"),
        ({"filename": ".x.csv"}, "filename"),
        ({"filename": "a\x00.csv"}, "filename"),
        ({"filename": "100%25.csv"}, "filename"),
        ({"filename": "a?b.csv"}, "filename"),
    ],
)
def test_hostile_upload_names_are_400(client_for, alice, bucket, fields, field):
    response = upload(client_for(alice), "ok.csv", b"a\n1\n", **fields)
    assert response.status_code == 400 and field in response.json(), response.content
    assert bucket.keys() == []


def test_another_users_prefix_is_not_reachable(bucket, alice, bob):
    bucket.put(f"uploads/{alice.pk}/secret.csv", b"s\n1\n")
    bob_access = file_access_for(bob)
    for relative in (f"uploads/{alice.pk}/secret.csv", f"uploads/{alice.pk}", f"uploads/{alice.pk}/*.csv"):
        with pytest.raises(NodeError, match=r"does not exist|No file matches") as caught:
            schema(path=relative, access=bob_access)
        assert caught.value.field == "path"
    assert files.file_list(prefix=f"uploads/{alice.pk}/", access=bob_access) == []
    assert schema(path=f"uploads/{alice.pk}/secret.csv", access=file_access_for(alice)) == {"s": pl.Int64}


@pytest.mark.parametrize(
    "path", ["s3://other-bucket/x.csv", "../x.csv", "/x.csv", "%2e%2e/x.csv", "a/%2F/x.csv", "x.csv?versionId=1"]
)
def test_source_and_destination_refuse_hostile_paths(bucket, path):
    with pytest.raises(NodeError) as caught:
        schema(path=path)
    assert caught.value.field == "path"
    with pytest.raises(NodeError) as caught:
        DESTINATION.check_input(context(), DESTINATION.parse_config({"path": path}), FRAME.schema)
    assert caught.value.field == "path"


def _settings_of(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLUICE_ARTIFACTS", "SLUICE_DATA", "DATA_ROOT"))}
    clean.pop("PYTEST_VERSION", None)
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATA_ROOT, repr(s.SLUICE_DATA_URL), s.SLUICE_DATA_ENDPOINT_URL)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env={**clean, "SLUICE_MODE": "test", "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_data_url_in_a_process():
    local = _settings_of({"SLUICE_DATA_URL": "file:///srv/data"})
    assert local.returncode == 0, local.stderr
    assert local.stdout.split()[:2] == ["/srv/data", "''"]  # a local store is DATA_ROOT, as before
    remote = _settings_of({"SLUICE_DATA_URL": "s3://bkt/data", "SLUICE_ARTIFACTS_ENDPOINT_URL": "http://s3.local:9000"})
    assert remote.stdout.split()[1:] == ["'s3://bkt/data'", "http://s3.local:9000"]  # the artifacts' endpoint
    refused = _settings_of({"SLUICE_DATA_URL": "gs://bucket/x", "SLUICE_DATA_SECRET_KEY": "never-printed"})
    assert refused.returncode != 0 and "SLUICE_DATA_URL: the scheme 'gs' is not supported" in refused.stderr
    assert "never-printed" not in refused.stderr + refused.stdout


def test_settings_refuse_a_bad_data_url():
    assert "SLUICE_DATA_KEY_ID" in artifacts_url_problem("s3://key:secret@bucket/p", setting="SLUICE_DATA")
    assert "not supported" in artifacts_url_problem("ftp://host/p", setting="SLUICE_DATA")
    assert artifacts_url_problem("s3://bucket/prefix", setting="SLUICE_DATA") is None


def test_resolve_data_path_on_the_store_is_an_object_path(bucket, alice):
    root = store_root()
    assert isinstance(root, ObjectPath) and root.url == f"s3://{bucket.name}/{bucket.prefix}"
    found = resolve_data_path(f"uploads/{alice.pk}/./a.csv", root=root, access=file_access_for(alice), write=True)
    assert found.url == f"s3://{bucket.name}/{bucket.prefix}/uploads/{alice.pk}/a.csv"


# --- source.file from the bucket ---------------------------------------------------------------------


def context(**kw) -> BuildContext:
    return BuildContext(node_key="n", stage_id=kw.pop("stage_id", "e1_n_a1"), **kw)


def schema(access=None, **config) -> pl.Schema:
    ctx = context(mode="schema", timeout=10, file_access=access)
    return SOURCE.output_schema(ctx, SOURCE.parse_config(config), {})["out"]


def read(**config) -> pl.DataFrame:
    expected = schema(**config)
    data = SOURCE.build(context(mode="run"), SOURCE.parse_config(config), {})["out"].collect()
    assert data.schema == expected  # validation and run agree
    return data


@pytest.mark.parametrize("name", ["f.csv", "f.parquet", "f.ndjson", "f.json", "f.xlsx"])
def test_every_format_is_read_from_the_bucket(bucket, name):
    bucket.put_frame(f"shared/{name}", FRAME)
    data = read(path=f"shared/{name}")
    assert data.to_dicts() == FRAME.to_dicts()
    dry = SOURCE.build(context(mode="dry_run", sample_rows=2), SOURCE.parse_config({"path": f"shared/{name}"}), {})
    assert dry["out"].collect().height == 2


def test_transcoded_csv_globs_directories_and_hive_partitions(bucket):
    bucket.put("legacy/l.csv", "nom;montant\nCafé;1\nÉté;2\n".encode("latin-1"))
    assert read(path="legacy/l.csv", delimiter=";", encoding="latin-1")["nom"].to_list() == ["Café", "Été"]
    with pytest.raises(NodeError) as caught:
        schema(path="legacy/l.csv", delimiter=";")
    assert caught.value.field == "encoding"  # not UTF-8: checked on the object's first bytes

    for month in (1, 2, 3):
        bucket.put(f"sales/2026-0{month}.csv", f"month,amount\n{month},{month * 10}\n".encode())
    bucket.put("sales/.hidden.csv", b"month,amount\n9,9\n")
    bucket.put("sales/sub/deep.csv", b"month,amount\n4,40\n")
    assert read(path="sales/*.csv")["month"].to_list() == [1, 2, 3]  # hidden and deeper files do not match
    assert read(path="sales/**/*.csv")["month"].to_list() == [1, 2, 3, 4]
    assert read(path="sales")["month"].to_list() == [1, 2, 3, 4]  # a directory: every CSV below it
    with pytest.raises(NodeError, match="No file matches"):
        schema(path="sales/*.parquet")

    for region in ("north", "south"):
        bucket.put_frame(f"parts/region={region}/00000000.parquet", pl.DataFrame({"v": [len(region)]}))
    assert sorted(read(path="parts").rows()) == [(5, "north"), (5, "south")]


# --- destination.file to the bucket ------------------------------------------------------------------


def test_destination_stages_under_a_hidden_key_and_publishes_on_commit(bucket, settings):
    config = DESTINATION.parse_config({"path": "out/result.parquet", "format": "parquet"})
    ctx = context(mode="run")
    DESTINATION.check_input(ctx, config, FRAME.schema)
    receipt = DESTINATION.stage(ctx, config, FRAME.lazy())
    assert receipt["rows"] == 3 and receipt["bytes"] > 0
    assert bucket.keys("out/") == ["out/.result.parquet.sluice-stage-e1_n_a1"]  # staged, not yet visible
    DESTINATION.commit(ctx, config, receipt)
    assert bucket.keys("out/") == ["out/result.parquet"]
    assert pl.read_parquet(io.BytesIO(bucket.get("out/result.parquet"))).equals(FRAME)
    DESTINATION.commit(ctx, config, receipt)  # idempotent
    assert read(path="out/result.parquet").equals(FRAME)  # and a file source reads it back

    # a second run: the previous output stays until the commit; an abort drops the staging only
    second = DESTINATION.stage(context(mode="run", stage_id="e2_n_a1"), config, FRAME.head(1).lazy())
    DESTINATION.abort(ctx, config, second)
    assert bucket.keys("out/") == ["out/result.parquet"]
    assert pl.read_parquet(io.BytesIO(bucket.get("out/result.parquet"))).height == 3
    assert local_files(settings) == []


def test_a_failed_stage_leaves_nothing(bucket):
    config = DESTINATION.parse_config({"path": "out/bad.csv", "format": "csv"})
    failing = pl.LazyFrame({"x": ["1", "a"]}).select(pl.col("x").cast(pl.Int64, strict=True))
    with pytest.raises(pl.exceptions.PolarsError):
        DESTINATION.stage(context(mode="run"), config, failing)
    assert bucket.keys("out/") == []


def test_partitioned_destination_replaces_the_set(bucket):
    config = DESTINATION.parse_config(
        {"path": "out/parts", "format": "parquet", "mode": "partitioned", "partition_by": ["region"]}
    )
    first = pl.DataFrame({"region": ["n", "s", "e"], "v": [1, 2, 3]})
    receipt = DESTINATION.stage(context(mode="run"), config, first.lazy())
    assert receipt["rows"] == 3 and all(".parts.sluice-stage-" in k for k in bucket.keys("out/"))
    DESTINATION.commit(context(mode="run"), config, receipt)
    assert [k.split("/")[2] for k in bucket.keys("out/")] == ["region=e", "region=n", "region=s"]

    second = pl.DataFrame({"region": ["n", "w"], "v": [10, 20]})
    ctx = context(mode="run", stage_id="e2_n_a1")
    receipt = DESTINATION.stage(ctx, config, second.lazy())
    DESTINATION.commit(ctx, config, receipt)
    DESTINATION.commit(ctx, config, receipt)  # a repeated commit changes nothing
    assert [k.split("/")[2] for k in bucket.keys("out/")] == ["region=n", "region=w"]  # e and s are gone
    assert sorted(read(path="out/parts").select("v", "region").rows()) == [(10, "n"), (20, "w")]

    aborted = DESTINATION.stage(context(mode="run", stage_id="e3_n_a1"), config, first.lazy())
    DESTINATION.abort(ctx, config, aborted)
    assert [k.split("/")[2] for k in bucket.keys("out/")] == ["region=n", "region=w"]


def test_destination_refuses_uploads_and_kind_conflicts(bucket, alice):
    with pytest.raises(NodeError, match="uploads/"):
        DESTINATION.check_input(
            context(file_access=file_access_for(alice)),
            DESTINATION.parse_config({"path": f"uploads/{alice.pk}/x.parquet"}),
            FRAME.schema,
        )
    bucket.put("out/dir/a.parquet", b"x")
    with pytest.raises(NodeError, match="is a directory"):
        DESTINATION.check_input(context(), DESTINATION.parse_config({"path": "out/dir"}), FRAME.schema)


def test_a_partitioned_commit_interrupted_before_the_tidy_up_is_finished_by_the_next(bucket, monkeypatch):
    config = DESTINATION.parse_config(
        {"path": "out/parts", "format": "parquet", "mode": "partitioned", "partition_by": ["region"]}
    )
    first = pl.DataFrame({"region": ["n", "s"], "v": [1, 2]})
    ctx = context(mode="run")
    DESTINATION.commit(ctx, config, DESTINATION.stage(ctx, config, first.lazy()))
    ctx = context(mode="run", stage_id="e2_n_a1")
    receipt = DESTINATION.stage(ctx, config, pl.DataFrame({"region": ["w"], "v": [3]}).lazy())

    def crash(self):
        raise ConnectionError("the process died here")

    with monkeypatch.context() as patch:  # the copies and the deletion of the old set happen, then a crash
        patch.setattr(ObjectPath, "remove_tree", crash)
        with pytest.raises(ConnectionError):
            DESTINATION.commit(ctx, config, receipt)
    assert any("sluice-manifest" in k for k in bucket.keys("out/"))
    DESTINATION.commit(ctx, config, receipt)
    assert bucket.keys("out/") == ["out/parts/region=w/00000000.parquet"]
    assert read(path="out/parts").select("v", "region").rows() == [(3, "w")]


def test_discard_removes_what_an_unrecorded_attempt_staged(bucket):
    config = DESTINATION.parse_config({"path": "out/x.csv", "format": "csv"})
    ctx = context(mode="run", stage_id="e9_n_a2")
    DESTINATION.stage(ctx, config, FRAME.lazy())
    assert bucket.keys("out/") == ["out/.x.csv.sluice-stage-e9_n_a2"]
    DESTINATION.discard(ctx, config)
    assert bucket.keys("out/") == []
