"""Anonymous requests to the executions API are a 401, never a 500: the API's own permission classes
replace DRF's IsAuthenticated, so they must refuse a request without a user themselves (issue 14: an
anonymous GET of a pipeline's dependencies reached the view and failed on AnonymousUser)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from executions.models import Execution
from tests.executions.conftest import chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(make_pipeline):
    pipeline = make_pipeline(chain(("src", "t.rows", {"n": 1}), ("dst", "t.sink", {"name": "anonymous"})))
    execution = Execution.objects.create(pipeline=pipeline, version=pipeline.current_version, status="failed")
    return pipeline, execution


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/pipelines/{p}/dependencies/"),
        ("post", "/api/pipelines/{p}/dependencies/"),
        ("get", "/api/pipelines/{p}/schedule/next-runs/"),
        ("post", "/api/pipelines/{p}/run/"),
        ("post", "/api/pipelines/{p}/dry-run/"),
        ("delete", "/api/dependencies/1/"),
        ("get", "/api/executions/"),
        ("get", "/api/executions/active/"),
        ("get", "/api/executions/{e}/"),
        ("get", "/api/executions/{e}/logs/"),
        ("get", "/api/executions/{e}/steps/src/preview/"),
        ("post", "/api/executions/{e}/cancel/"),
        ("post", "/api/executions/{e}/retry/"),
        ("post", "/api/executions/{e}/rerun/"),
    ],
)
def test_anonymous_requests_are_refused_with_401(objects, method, url):
    pipeline, execution = objects
    response = getattr(APIClient(), method)(url.format(p=pipeline.pk, e=execution.pk), {}, format="json")
    assert response.status_code == 401, (response.status_code, response.content[:300])
    assert response.json()["detail"]
