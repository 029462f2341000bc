"""The Django admin's execution list shows each run's backend and filters by it."""

from __future__ import annotations

import pytest

from executions.models import Execution
from pipelines import services
from pipelines.models import PipelineVersion
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_execution_list_shows_and_filters_the_backend(client):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    owner = factories.UserFactory(role="editor")
    pipeline = services.pipeline_create(user=owner, name="Admin backends")
    version = PipelineVersion.objects.create(pipeline=pipeline, number=1, graph={}, content_hash="x", created_by=owner)
    on_polars = Execution.objects.create(pipeline=pipeline, version=version, status="succeeded", backend="polars")
    on_sql = Execution.objects.create(pipeline=pipeline, version=version, status="succeeded", backend="sql")

    def listed(query: str) -> set[int]:
        response = client.get(f"/admin/executions/execution/?{query}")
        assert response.status_code == 200, query
        return {e.pk for e in response.context["cl"].result_list}

    assert listed("") == {on_polars.pk, on_sql.pk}
    assert listed("backend__exact=sql") == {on_sql.pk}
    assert listed("backend__exact=polars") == {on_polars.pk}
    page = client.get("/admin/executions/execution/").content.decode()
    assert "column-backend" in page and "?backend__exact=sql" in page
    assert client.get(f"/admin/executions/execution/{on_sql.pk}/change/").status_code == 200
