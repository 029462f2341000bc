"""'Build your first pipeline' (issue 18): one action makes a pipeline from the built-in template on the demo
data, saves a version and runs it (executions.services.first_pipeline); an editor may, a viewer may not."""

from __future__ import annotations

import polars as pl
import pytest
from django.conf import settings

from executions import executors
from executions.models import Execution
from pipelines.models import Pipeline, PipelineTemplate
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/onboarding/first-pipeline/"


@pytest.fixture(autouse=True)
def inline_runs(settings):
    settings.SLUICE_EXECUTOR = "inline"
    yield
    executors._inline.clear()


def test_an_editor_builds_and_runs_the_first_pipeline_on_the_demo_data(client_for, editor):
    assert not PipelineTemplate.objects.exists()  # load_demo never ran: the template is installed from the demo
    response = client_for(editor).post(URL)
    assert response.status_code == 201, response.content
    body = response.json()
    pipeline = Pipeline.objects.get(pk=body["pipeline_id"])
    assert (pipeline.owner, pipeline.name, pipeline.slug) == (
        editor,
        "My first pipeline",
        f"first-pipeline-{editor.pk}",
    )
    assert pipeline.current_version is not None and body["created"] is True
    assert body["execution_url"] == f"/executions/{body['execution_id']}/"
    assert PipelineTemplate.objects.get(slug="filter-and-aggregate").builtin
    executors.run_inline_until_idle()
    execution = Execution.objects.get(pk=body["execution_id"])
    assert execution.status == Execution.Status.SUCCEEDED, execution.error
    written = pl.read_parquet(settings.DATA_ROOT / "demo" / "out" / f"first-pipeline-{editor.pk}.parquet")
    assert set(written.columns) >= {"region", "rows", "total", "average"} and written.height > 0

    again = client_for(editor).post(URL).json()  # the same pipeline, run again
    assert (again["pipeline_id"], again["created"]) == (pipeline.pk, False)
    assert again["execution_id"] != body["execution_id"]
    assert Pipeline.objects.filter(owner=editor).count() == 1


def test_each_user_gets_their_own_and_a_taken_slug_does_not_fail(client_for, editor):
    other = factories.UserFactory(role="editor")
    factories.PipelineFactory(owner=other, slug=f"first-pipeline-{editor.pk}")  # someone holds the slug
    mine = client_for(editor).post(URL).json()
    theirs = client_for(other).post(URL).json()
    assert mine["pipeline_id"] != theirs["pipeline_id"]
    assert Pipeline.objects.get(pk=mine["pipeline_id"]).owner == editor


def test_a_viewer_is_refused_and_nothing_is_made(client_for, api):
    viewer = factories.UserFactory(role="viewer")
    assert client_for(viewer).post(URL).status_code == 403
    assert api.post(URL).status_code == 401
    assert not Pipeline.objects.exists() and not Execution.objects.exists()


def test_the_page_form_lands_on_the_run_page_and_explains(client, editor):
    client.force_login(editor)
    dashboard = client.get("/").content.decode()
    assert "Build your first pipeline" in dashboard and 'action="/onboarding/first-pipeline/"' in dashboard
    listing = client.get("/pipelines/").content.decode()
    assert "Build and run my first pipeline" in listing and "Browse the templates" in listing
    response = client.post("/onboarding/first-pipeline/", follow=True)
    execution = Execution.objects.get()
    assert response.redirect_chain[-1][0] == f"/executions/{execution.pk}/"
    assert "reads the demo sales file" in response.content.decode()
    assert "Build your first pipeline" not in client.get("/").content.decode()  # no longer a first run
    viewer = factories.UserFactory(role="viewer")
    client.force_login(viewer)
    assert client.post("/onboarding/first-pipeline/").status_code == 403
    assert "You need the editor role to create pipelines" in client.get("/").content.decode()
