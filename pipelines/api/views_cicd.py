"""Generated CI workflows (docs/ci.md): a GitHub Actions workflow for one pipeline or a folder of documents, the
seed's name for it (``POST /api/templates/generate/``), and the Python client as an archive for CI jobs.

Generating writes nothing, so whoever sees the pipelines may generate (a viewer too): the workflow references the
repository's own secrets and runs with its token's role.
"""

from __future__ import annotations

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import READ_ERRORS, WRITE_ERRORS
from pipelines.api.renderers import YAMLRenderer
from pipelines.api.views_pipelines import visible_pipeline
from pipelines.cicd.client import ClientMissing, client_archive
from pipelines.cicd.generate import workflow_generate, workflow_options
from pipelines.cicd.options import MAX_PIPELINES, PYTHON_VERSIONS, RUNNERS

TAGS = ["ci"]


class WorkflowInput(serializers.Serializer):
    """The options (documentation: WorkflowOptions in pipelines/cicd/options.py checks them)."""

    folder = serializers.CharField(required=False, help_text="Folder of the documents, relative (default pipelines).")
    name = serializers.CharField(required=False, help_text="The workflow's name.")
    workflow_file = serializers.CharField(required=False, help_text="File name under .github/workflows/.")
    branch = serializers.CharField(required=False, help_text="The main branch (default main).")
    validate_mode = serializers.ChoiceField(["server", "offline"], required=False)
    tests = serializers.BooleanField(required=False, help_text="Run the pipeline tests (default true).")
    deploy = serializers.BooleanField(required=False, help_text="Deploy from the main branch (default false).")
    pipelines = serializers.ListField(
        child=serializers.SlugField(), required=False, max_length=MAX_PIPELINES, help_text="Slugs to run."
    )
    environment = serializers.CharField(required=False, allow_null=True)
    schedule = serializers.CharField(required=False, allow_null=True, help_text="Cron, five fields, UTC.")
    python_version = serializers.ChoiceField(list(PYTHON_VERSIONS), required=False)
    runner = serializers.ChoiceField(list(RUNNERS), required=False)
    timeout_minutes = serializers.IntegerField(required=False, min_value=1, max_value=360)
    client_source = serializers.ChoiceField(["server", "path", "index"], required=False)
    client_path = serializers.CharField(required=False)
    client_index_url = serializers.CharField(required=False, allow_null=True)
    client_version = serializers.CharField(required=False, allow_null=True)
    url_variable = serializers.CharField(required=False)
    url_from = serializers.ChoiceField(["vars", "secrets"], required=False)
    token_secret = serializers.CharField(required=False)


class WorkflowOutput(serializers.Serializer):
    path = serializers.CharField(help_text="Where to commit it, e.g. .github/workflows/sluice.yml.")
    content = serializers.CharField(help_text="The workflow (YAML).")
    pipelines = serializers.ListField(child=serializers.CharField(), help_text="Pipelines the deploy job runs.")
    options = serializers.DictField(help_text="Every option, defaults filled in.")


class WorkflowYAMLRenderer(YAMLRenderer):
    """``?format=yaml``: the workflow file itself (errors as a YAML document)."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if isinstance(data, dict) and isinstance(data.get("content"), str) and "path" in data:
            return data["content"].encode("utf-8")
        return super().render(data, accepted_media_type, renderer_context)


FORMAT = OpenApiParameter(
    "format", OpenApiTypes.STR, enum=["json", "yaml"], description="yaml: the workflow file itself."
)
RESPONSES = {
    (200, "application/json"): WorkflowOutput,
    # The body is the workflow file; read as YAML it is a mapping (a GitHub Actions workflow), not a string.
    (200, "application/yaml"): OpenApiResponse(OpenApiTypes.OBJECT, description="The workflow file."),
}


def _data(request) -> dict:
    if not isinstance(request.data, dict):
        raise ParseError("Send the options as a JSON object.")
    return dict(request.data.items())


def _answer(request, generated) -> Response:
    filename = generated.path.rsplit("/", 1)[-1]
    return Response(generated.to_dict(), headers={"Content-Disposition": f'inline; filename="{filename}"'})


class _WorkflowApi(APIView):
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, WorkflowYAMLRenderer, BrowsableAPIRenderer]


class PipelineWorkflowApi(_WorkflowApi):
    @extend_schema(
        tags=TAGS,
        summary="A GitHub Actions workflow for this pipeline",
        description="Validates and tests the documents of the folder on every push and pull request; with "
        "deploy, applies them from the main branch and runs this pipeline (unless pipelines names others). "
        "Writes nothing. Secrets are referenced (secrets.SLUICE_TOKEN), never inlined.",
        parameters=[FORMAT],
        request=WorkflowInput,
        responses={**RESPONSES, **WRITE_ERRORS},
    )
    def post(self, request, pk: int):
        pipeline = visible_pipeline(request, pk)
        data = _data(request)
        defaults = {"pipelines": [pipeline.slug]} if data.get("deploy") in (True, "true", "on", "1") else {}
        generated = workflow_generate(user=request.user, options=workflow_options(data, **defaults))
        return _answer(request, generated)


class WorkflowApi(_WorkflowApi):
    @extend_schema(
        tags=TAGS,
        summary="A GitHub Actions workflow for a folder of pipeline documents",
        description="The pipelines it runs after a deploy must be visible to you (one that is not is a 400 on "
        "pipelines, as if it did not exist). Writes nothing.",
        parameters=[FORMAT],
        request=WorkflowInput,
        responses={**RESPONSES, **WRITE_ERRORS},
    )
    def post(self, request):
        return _answer(request, workflow_generate(user=request.user, options=workflow_options(_data(request))))


class TemplateGenerateApi(WorkflowApi):
    @extend_schema(
        tags=TAGS,
        summary="Generate a GitHub Actions workflow (the seed's name)",
        description="The same as POST /api/ci/github-actions/, under the name of the seed's plan "
        "(POST /api/templates/generate). See docs/api.md, 'The seed's endpoints'.",
        parameters=[FORMAT],
        request=WorkflowInput,
        responses={**RESPONSES, **WRITE_ERRORS},
    )
    def post(self, request):
        return super().post(request)


class AnyAccept(DefaultContentNegotiation):
    """The archive is the answer whatever the client accepts (curl, pip); errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ClientArchiveApi(APIView):
    permission_classes = [IsAuthenticated]
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=TAGS,
        summary="The Python client and CLI as a source archive",
        description="What a CI job installs with pip (pip install sluice-client.tar.gz): clients/python of this "
        "server, so the client always matches the server's API.",
        responses={
            (200, "application/gzip"): OpenApiResponse(OpenApiTypes.BINARY, description="A .tar.gz."),
            **READ_ERRORS,
        },
    )
    def get(self, request):
        try:
            filename, data = client_archive()
        except ClientMissing as exc:
            raise NotFound(str(exc)) from None
        response = HttpResponse(data, content_type="application/gzip")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
