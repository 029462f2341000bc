"""Pipeline tests: list, create, read, replace, delete; run a pipeline's tests, or tests given in the body.

Whoever sees a pipeline reads its tests; editors (and operators, admins) change and run them, since a run
executes node code on the fixtures (in the interactive pool). Results come as JSON, or as JUnit XML with
``?junit=1`` or ``Accept: application/xml``.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, INTERACTIVE_ERRORS, READ_ERRORS, WRITE_ERRORS, fake_view, parse
from pipelines.api.permissions import IsEditor, IsEditorForWrites
from pipelines.api.serializers_tests import (
    OfflineRunInput,
    TestDetailOutput,
    TestInput,
    TestRunInput,
    TestRunOutput,
    TestSummaryOutput,
)
from pipelines.api.views_pipelines import visible_pipeline
from pipelines.models import PipelineTest
from pipelines.testing.report import junit_xml
from pipelines.testing.selectors import tests_of
from pipelines.testing.services import (
    pipeline_test_create,
    pipeline_test_delete,
    pipeline_test_update,
    pipeline_tests_run,
    run_specs,
)
from pipelines.testing.spec import spec_to_data

TAGS = ["tests"]
JUNIT = OpenApiResponse(OpenApiTypes.STR, description="JUnit XML: a testsuite of the pipeline, a testcase per test.")
JUNIT_PARAM = OpenApiParameter(
    "junit", OpenApiTypes.BOOL, description="Answer with JUnit XML (as with Accept: application/xml)."
)


class JUnitRenderer(BaseRenderer):
    """JUnit XML of a run's results (an error answer stays JSON-shaped text)."""

    media_type = "application/xml"
    format = "junit"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and "tests" in data and "total" in data:
            name = (renderer_context or {}).get("suite_name") or "tests"
            return junit_xml([(name, data)])
        return JSONRenderer().render(data)


def _answer(request, summary: dict, suite: str) -> Response | HttpResponse:
    if str(request.query_params.get("junit", "")).lower() in {"1", "true", "yes"}:
        return HttpResponse(junit_xml([(suite, summary)]), content_type="application/xml; charset=utf-8")
    response = Response(TestRunOutput(summary).data)
    return response


class _RunView(APIView):
    renderer_classes = [JSONRenderer, JUnitRenderer, BrowsableAPIRenderer]
    suite_name = "tests"

    def get_renderer_context(self):
        return {**super().get_renderer_context(), "suite_name": self.suite_name}


class PipelineTestListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    serializer_class = TestSummaryOutput
    filter_backends: list = []

    def get_queryset(self):
        if fake_view(self):
            return PipelineTest.objects.none()
        return tests_of(pipeline=visible_pipeline(self.request, self.kwargs["pk"]))

    @extend_schema(
        tags=TAGS,
        summary="The tests of a pipeline, with their last result",
        responses={200: TestSummaryOutput(many=True), **READ_ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Add a test to a pipeline",
        description="Needs the editor role. Fixtures per source node, golden rows per destination, tolerances.",
        request=TestInput,
        responses={201: TestDetailOutput, **WRITE_ERRORS},
    )
    def post(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        spec = parse(TestInput, request.data)["spec"]
        test = pipeline_test_create(pipeline=pipeline, user=request.user, spec=spec)
        return Response(TestDetailOutput(test).data, status=status.HTTP_201_CREATED)


class PipelineTestDetailApi(APIView):
    permission_classes = [IsEditorForWrites]

    def _test(self, request, pk: int, test_id: int) -> PipelineTest:
        return get_object_or_404(tests_of(pipeline=visible_pipeline(request, pk)), pk=test_id)

    @extend_schema(
        tags=TAGS, summary="A test with its fixtures and last result", responses={200: TestDetailOutput, **READ_ERRORS}
    )
    def get(self, request, pk: int, test_id: int):
        return Response(TestDetailOutput(self._test(request, pk, test_id)).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace a test",
        description="Needs the editor role. A changed test loses its last result.",
        request=TestInput,
        responses={200: TestDetailOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int, test_id: int):
        test = self._test(request, pk, test_id)
        spec = parse(TestInput, request.data)["spec"]
        return Response(TestDetailOutput(pipeline_test_update(test=test, user=request.user, spec=spec)).data)

    @extend_schema(tags=TAGS, summary="Delete a test", responses={204: None, **WRITE_ERRORS})
    def delete(self, request, pk: int, test_id: int):
        pipeline_test_delete(test=self._test(request, pk, test_id), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PipelineTestRunApi(_RunView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        summary="Run the tests of a pipeline",
        description="Needs the editor role. Runs the draft graph over each test's fixtures (no database, file "
        "or network is read; nothing is written) and records each test's last result. A failing test is "
        "still a 200: look at status. JUnit XML with ?junit=1 or Accept: application/xml.",
        parameters=[JUNIT_PARAM],
        request=TestRunInput,
        responses={
            (200, "application/json"): TestRunOutput,
            (200, "application/xml"): JUNIT,
            **WRITE_ERRORS,
            **INTERACTIVE_ERRORS,
        },
    )
    def post(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        names = parse(TestRunInput, request.data).get("tests")
        self.suite_name = pipeline.slug
        summary = pipeline_tests_run(pipeline=pipeline, user=request.user, names=names)
        return _answer(request, summary, pipeline.slug)


class OfflineTestRunApi(_RunView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=TAGS,
        summary="Run tests given in the body over a graph given in the body",
        description="Needs the editor role. For documents not on the server yet (sluice pipelines test): "
        "nothing is stored or recorded. JUnit XML with ?junit=1 or Accept: application/xml.",
        parameters=[JUNIT_PARAM],
        request=OfflineRunInput,
        responses={
            (200, "application/json"): TestRunOutput,
            (200, "application/xml"): JUNIT,
            400: BAD_REQUEST,
            **READ_ERRORS,
            **INTERACTIVE_ERRORS,
        },
    )
    def post(self, request):
        data = parse(OfflineRunInput, request.data)
        summary = run_specs(graph=data["graph"], specs=[spec_to_data(s) for s in data["tests"]])
        return _answer(request, summary, "tests")
