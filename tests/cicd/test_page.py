"""The pipeline's "CI workflow" page (GET /pipelines/{pk}/ci/) and manage.py generate_workflow."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import CommandError, call_command

from tests.factories import PipelineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipeline(editor):
    return PipelineFactory(owner=editor, slug="orders-daily", name="Orders daily")


def test_the_pipeline_page_links_to_it(client, editor, pipeline):
    client.force_login(editor)
    page = client.get(f"/pipelines/{pipeline.pk}/").content.decode()
    assert f'href="/pipelines/{pipeline.pk}/ci/">CI workflow</a>' in page


def test_the_page_shows_the_default_workflow(client, editor, pipeline, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(f"/pipelines/{pipeline.pk}/ci/")
    assert response.status_code == 200
    assert response.context["generated"].path == ".github/workflows/sluice.yml"
    text = response.content.decode()
    assert "Commit it as <code>.github/workflows/sluice.yml</code>" in text
    assert "sluice pipelines validate &quot;$SLUICE_DOCUMENTS&quot;" in text


def test_options_deploy_and_run_this_pipeline(client, editor, pipeline):
    client.force_login(editor)
    query = {"folder": "etl", "branch": "trunk", "validate_mode": "offline", "deploy": "on", "run": "on"}
    response = client.get(f"/pipelines/{pipeline.pk}/ci/", query)
    generated = response.context["generated"]
    assert generated.pipelines == ["orders-daily"]
    assert generated.options.tests is False  # an unchecked box of a submitted form
    download = client.get(f"/pipelines/{pipeline.pk}/ci/", {**query, "download": "1"})
    assert download["Content-Disposition"] == 'attachment; filename="sluice.yml"'
    assert yaml.safe_load(download.content)["jobs"]["deploy"]["if"].endswith("'refs/heads/trunk'")


def test_bad_options_show_inline_errors(client, editor, pipeline):
    client.force_login(editor)
    response = client.get(f"/pipelines/{pipeline.pk}/ci/", {"folder": "../up", "branch": "${{ x }}"})
    assert response.status_code == 400
    form = response.context["form"]
    assert "folder" in form.errors and "branch" in form.errors
    assert response.context["generated"] is None
    text = response.content.decode()
    assert "Correct the options to see the workflow." in text and "must stay inside the repository" in text


def test_only_those_who_see_the_pipeline(client, operator, pipeline):
    client.force_login(operator)
    assert client.get(f"/pipelines/{pipeline.pk}/ci/").status_code == 404


def test_command_writes_the_workflow(pipeline, tmp_path, capsys):
    out = tmp_path / "wf" / "sluice.yml"
    call_command("generate_workflow", "orders-daily", "--folder", "etl/", "-o", str(out))
    document = yaml.safe_load(out.read_text())
    assert document["env"]["SLUICE_DOCUMENTS"] == "etl"
    assert document["jobs"]["deploy"]["steps"][-1]["env"]["SLUICE_PIPELINE"] == "orders-daily"
    call_command("generate_workflow", "--offline", "--no-tests", "--client-source", "path")
    assert "--offline" in capsys.readouterr().out


def test_command_refuses_bad_options_and_unknown_slugs(pipeline, editor, operator):
    with pytest.raises(CommandError, match="folder"):
        call_command("generate_workflow", "--folder", "../x")
    with pytest.raises(CommandError, match="No pipeline with the slug 'nope'"):
        call_command("generate_workflow", "nope")
    with pytest.raises(CommandError, match="No pipeline with the slug 'orders-daily'"):
        call_command("generate_workflow", "orders-daily", "--user", operator.username)
    call_command("generate_workflow", "orders-daily", "--user", editor.username)
