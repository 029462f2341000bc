"""Profiles of what runs produce: a step's output port (its artifact, or recomputed for a fused node), the
destinations' inputs kept per run by the worker and compared with the previous successful run, a dry
run's port; the execution page's Profile panel; permissions (another user's run is a 404) and query counts."""

from __future__ import annotations

import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from executions import executors
from executions.models import DestinationProfile, Execution
from executions.services import execution_start
from pipelines import services
from pipelines.graph import parse_graph_document
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [{"i": v, "name": n} for v, n in [(1, "a"), (2, None), (3, "ccc"), (10, "a"), (4, None), (6, "bb")]]


def _graph(rows, *, split=False):
    if split:
        return chain(
            ("src", "t.rows", {"rows": rows}),
            ("cut", "t.split", {"threshold": 5}),
            ("dst", "t.sink", {"name": "low"}),
            edges=[("src", "cut"), ("cut.low", "dst")],
        )
    return chain(("src", "t.rows", {"rows": rows}), ("a", "t.add", {"add": 1}), ("dst", "t.sink", {"name": "p"}))


def _run(pipeline, user) -> Execution:
    execution = execution_start(pipeline=pipeline, user=user)
    executors.run_inline_until_idle()
    execution.refresh_from_db()
    assert execution.status == "succeeded", execution.error
    return execution


def _col(profile, name):
    return next(c for c in profile["columns"] if c["name"] == name)


@pytest.mark.parametrize("node", ["src", "a"])
def test_profile_of_a_step_output(make_pipeline, client_for, editor, node):
    execution = _run(make_pipeline(_graph(ROWS)), editor)
    response = client_for(editor).get(f"/api/executions/{execution.pk}/steps/{node}/profile/")
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["node_key"] == node and body["port"] == "out"
    values = [r["i"] + (1 if node == "a" else 0) for r in ROWS]
    i = _col(body["profile"], "i")
    assert body["profile"]["rows"] == len(ROWS)
    assert i["mean"] == pytest.approx(statistics.mean(values))
    assert i["std"] == pytest.approx(statistics.stdev(values))
    assert i["min"] == min(values) and i["max"] == max(values)
    name = _col(body["profile"], "name")
    assert name["nulls"] == 2 and name["null_rate"] == pytest.approx(2 / 6) and name["distinct"] == 3


def test_a_port_of_a_branching_step_and_an_unknown_port(make_pipeline, client_for, editor):
    execution = _run(make_pipeline(_graph(ROWS, split=True)), editor)
    client = client_for(editor)
    high = client.get(f"/api/executions/{execution.pk}/steps/cut/profile/", {"port": "high"}).json()
    assert high["port"] == "high" and high["profile"]["rows"] == 2  # 10 and 6
    assert _col(high["profile"], "i")["min"] == 6
    wrong = client.get(f"/api/executions/{execution.pk}/steps/cut/profile/", {"port": "nope"})
    assert wrong.status_code == 400 and "ports: low, high" in wrong.json()["port"][0]
    assert client.get(f"/api/executions/{execution.pk}/steps/missing/profile/").status_code == 400


def test_another_users_execution_is_a_404(make_pipeline, client_for, editor, user):
    execution = _run(make_pipeline(_graph(ROWS)), editor)
    assert client_for(user).get(f"/api/executions/{execution.pk}/steps/src/profile/").status_code == 404
    assert client_for(user).get(f"/api/executions/{execution.pk}/profiles/").status_code == 404
    other = client_for(user)
    assert other.get(f"/api/executions/{execution.pk + 1000}/profiles/").status_code == 404


@pytest.mark.parametrize("split", [False, True], ids=["fused-destination", "destination-heading-its-step"])
def test_the_worker_keeps_the_profile_of_what_each_destination_received(settings, make_pipeline, editor, split):
    settings.SLUICE_PROFILE_DESTINATIONS = True
    execution = _run(make_pipeline(_graph(ROWS, split=split)), editor)
    kept = DestinationProfile.objects.get(execution=execution, node_key="dst")
    expected = [r["i"] for r in ROWS if r["i"] < 5] if split else [r["i"] + 1 for r in ROWS]
    assert kept.rows == len(expected) and kept.port == "in"
    i = _col(kept.profile, "i")
    assert i["mean"] == pytest.approx(statistics.mean(expected))
    assert kept.pipeline_id == execution.pipeline_id


def test_profiles_compare_with_the_previous_successful_run(settings, make_pipeline, client_for, editor):
    settings.SLUICE_PROFILE_DESTINATIONS = True
    pipeline = make_pipeline(_graph(ROWS))
    first = _run(pipeline, editor)
    changed = [{"i": r["i"] * 100, "name": None, "extra": 1} for r in ROWS]
    services.pipeline_graph_set(pipeline=pipeline, user=editor, graph=parse_graph_document(_graph(changed)))
    services.pipeline_version_create(pipeline=pipeline, user=editor)
    pipeline.refresh_from_db()
    second = _run(pipeline, editor)
    client = client_for(editor)
    assert client.get(f"/api/executions/{first.pk}/profiles/").json()[0]["comparison"] is None
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/executions/{second.pk}/profiles/")
    assert response.status_code == 200
    assert len(queries) <= 8, [q["sql"] for q in queries]
    (entry,) = response.json()
    assert entry["node_key"] == "dst" and entry["previous_execution"] == first.pk
    comparison = entry["comparison"]
    assert comparison["added"] == ["extra"] and comparison["removed"] == []
    assert comparison["columns"]["name"]["null_rate_change"] == pytest.approx(1 - 2 / 6)
    before = [r["i"] + 1 for r in ROWS]
    after = [r["i"] * 100 + 1 for r in ROWS]
    assert comparison["columns"]["i"]["mean_shift"] == pytest.approx(statistics.mean(after) - statistics.mean(before))
    assert comparison["columns"]["i"]["mean_shift_notable"]
    assert any("Null rate of name" in c for c in comparison["changes"])


def test_the_execution_page_profile_panel_and_kept_profiles(settings, make_pipeline, client, editor, user):
    settings.SLUICE_PROFILE_DESTINATIONS = True
    execution = _run(make_pipeline(_graph(ROWS)), editor)
    client.force_login(editor)
    page = client.get(f"/executions/{execution.pk}/")
    assert page.status_code == 200
    assert f"/executions/{execution.pk}/steps/a/profile/".encode() in page.content
    assert f"/executions/{execution.pk}/profiles/".encode() in page.content
    panel = client.get(f"/executions/{execution.pk}/steps/a/profile/", HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    assert b'data-column="i"' in panel.content and b"<svg" in panel.content
    kept = client.get(f"/executions/{execution.pk}/steps/dst/profile/", HTTP_HX_REQUEST="true")
    assert b"kept by the run" in kept.content
    with CaptureQueriesContext(connection) as queries:
        profiles = client.get(f"/executions/{execution.pk}/profiles/", HTTP_HX_REQUEST="true")
    assert profiles.status_code == 200 and b'data-node="dst"' in profiles.content
    assert len(queries) <= 10, [q["sql"] for q in queries]
    client.force_login(user)
    assert client.get(f"/executions/{execution.pk}/steps/a/profile/").status_code == 404
    assert client.get(f"/executions/{execution.pk}/profiles/").status_code == 404


def test_dry_run_profile_of_a_port(make_pipeline, client_for, editor, viewer):
    pipeline = make_pipeline(_graph(ROWS, split=True))
    response = client_for(editor).post(
        f"/api/pipelines/{pipeline.pk}/dry-run/profile/", {"node": "cut", "port": "low"}, format="json"
    )
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert body["port"] == "low" and body["profile"]["rows"] == 4
    dst = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/dry-run/profile/", {"node": "dst"}, format="json")
    assert dst.status_code == 200 and dst.json()["port"] == "in" and dst.json()["profile"]["rows"] == 4
    unknown = client_for(editor).post(f"/api/pipelines/{pipeline.pk}/dry-run/profile/", {"node": "x"}, format="json")
    assert unknown.status_code == 400
    denied = client_for(viewer).post(f"/api/pipelines/{pipeline.pk}/dry-run/profile/", {"node": "cut"}, format="json")
    assert denied.status_code in (403, 404)


def test_destination_profiles_are_on_by_default_and_can_be_turned_off(settings, make_pipeline, editor):
    # On by default: the sample comes from the pass that writes the destination (docs/profiling.md).
    from config.settings import runtime

    assert runtime.SLUICE_PROFILE_DESTINATIONS is True
    pipeline = make_pipeline(_graph(ROWS))
    assert DestinationProfile.objects.filter(execution=_run(pipeline, editor)).count() == 1
    settings.SLUICE_PROFILE_DESTINATIONS = False
    assert not DestinationProfile.objects.filter(execution=_run(pipeline, editor)).exists()


def test_hostile_a_column_named_like_the_samples_row_index(settings, make_pipeline, editor):
    """Hostile: the input already has the column the sample plan numbers rows with (and its first fallback)."""
    import polars as pl
    from django.conf import settings as conf

    rows = [{"__sluice_profile_row": v, "__sluice_profile_row1": -v, "i": v} for v in range(20)]
    graph = chain(
        ("src", "t.rows", {"rows": rows}),
        ("dst", "destination.file", {"path": "hostile.parquet", "format": "parquet"}),
    )
    execution = _run(make_pipeline(graph), editor)
    written = pl.read_parquet(f"{conf.DATA_ROOT}/hostile.parquet")
    assert sorted(written.columns) == ["__sluice_profile_row", "__sluice_profile_row1", "i"] and written.height == 20
    kept = DestinationProfile.objects.get(execution=execution, node_key="dst")
    assert [c["name"] for c in kept.profile["columns"]] == written.columns
    assert _col(kept.profile, "__sluice_profile_row")["mean"] == pytest.approx(9.5)
