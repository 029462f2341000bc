"""Pipeline templates: a shared gallery every signed-in user reads; editors create and apply; only the
owner or an admin changes or deletes one; built-in templates are read-only (403 saying why)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, READ_ERRORS, WRITE_ERRORS, fake_view, parse
from pipelines.api.filters import TemplateFilter
from pipelines.api.permissions import IsEditorForWrites
from pipelines.api.serializers import PipelineDetailOutput
from pipelines.api.serializers_resources import TemplateApplyInput, TemplateInput, TemplateOutput
from pipelines.models import PipelineTemplate
from pipelines.selectors import templates_visible_to
from pipelines.services import template_apply, template_create, template_delete, template_update
from pipelines.services.templates import template_change_refusal

TAGS = ["templates"]
OWNER_ONLY = (
    "Only the template's owner or an admin, with the editor role at least; built-in templates are read-only "
    "for everyone here (403 with a message saying why)."
)


def visible_template(request, pk: int) -> PipelineTemplate:
    return get_object_or_404(templates_visible_to(user=request.user), pk=pk)


class TemplateListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    filterset_class = TemplateFilter
    search_fields = ["name", "slug", "description", "category"]
    ordering_fields = ["name", "category", "created_at", "updated_at"]
    ordering = ["category", "name", "id"]

    def get_serializer_class(self):
        return TemplateInput if self.request is not None and self.request.method == "POST" else TemplateOutput

    def get_queryset(self):
        if fake_view(self):
            return PipelineTemplate.objects.none()
        return templates_visible_to(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Templates (filter by category, search name/slug/description/category)",
        responses={200: TemplateOutput(many=True), 400: BAD_REQUEST},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Create a template",
        description="Needs the editor role; you become the template's owner. Every {{ placeholder }} of the "
        "graph must be declared in parameters.properties (a JSON Schema).",
        request=TemplateInput,
        responses={201: TemplateOutput, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        template = template_create(user=request.user, **parse(TemplateInput, request.data))
        return Response(TemplateOutput(template).data, status=status.HTTP_201_CREATED)


class TemplateDetailApi(APIView):
    permission_classes = [IsEditorForWrites]

    @extend_schema(tags=TAGS, summary="A template", responses={200: TemplateOutput, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(TemplateOutput(visible_template(request, pk)).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        template = visible_template(request, pk)
        refusal = template_change_refusal(template=template, user=request.user)
        if refusal is not None:  # before the body is read: a refusal does not depend on it
            raise PermissionDenied(refusal)
        data = parse(TemplateInput, request.data, partial=partial)
        template = template_update(template=template, user=request.user, **data)
        return Response(TemplateOutput(template).data)

    @extend_schema(
        tags=TAGS,
        summary="Update a template",
        description=OWNER_ONLY,
        request=TemplateInput,
        responses={200: TemplateOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some fields of a template",
        description=OWNER_ONLY,
        request=TemplateInput,
        responses={200: TemplateOutput, **WRITE_ERRORS},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        tags=TAGS, summary="Delete a template", description=OWNER_ONLY, responses={204: None, **WRITE_ERRORS}
    )
    def delete(self, request, pk: int):
        template_delete(template=visible_template(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TemplateApplyApi(APIView):
    permission_classes = [IsEditorForWrites]

    @extend_schema(
        tags=TAGS,
        summary="Create a pipeline from the template",
        description="Needs the editor role. Parameters are checked against the template's JSON Schema "
        "(its defaults fill the gaps) and substituted into {{ name }} placeholders; a string that is "
        "only a placeholder takes the parameter's own type (number, list...).",
        request=TemplateApplyInput,
        responses={201: PipelineDetailOutput, **WRITE_ERRORS},
    )
    def post(self, request, pk: int):
        template = visible_template(request, pk)
        data = parse(TemplateApplyInput, request.data)
        pipeline = template_apply(template=template, user=request.user, **data)
        return Response(PipelineDetailOutput(pipeline).data, status=status.HTTP_201_CREATED)
