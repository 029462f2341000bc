"""POST /api/onboarding/first-pipeline/: the "Build your first pipeline" path (executions.services.first_pipeline)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from executions.api.permissions import IsEditor
from executions.services.first_pipeline import first_pipeline_run


class FirstPipelineOutput(serializers.Serializer):
    pipeline_id = serializers.IntegerField()
    pipeline_url = serializers.CharField(help_text="The pipeline's page.")
    execution_id = serializers.IntegerField()
    execution_url = serializers.CharField(help_text="The run's page, where it is watched live.")
    created = serializers.BooleanField(help_text="false: your first pipeline existed already and was run again.")


class FirstPipelineApi(APIView):
    permission_classes = [IsEditor]

    @extend_schema(
        tags=["onboarding"],
        request=None,
        responses={201: FirstPipelineOutput},
        summary="Build your first pipeline: make it from a template on the demo data and run it",
        description=(
            "Makes *My first pipeline* (once per user) from the built-in *Filter and aggregate* template over "
            "the demo sales file, saves it as a version and starts a run, for editors and above (the run is "
            "allowed to editors: only this pipeline). Calling it again runs the same pipeline again."
        ),
    )
    def post(self, request):
        try:
            result = first_pipeline_run(user=request.user)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages) from exc
        data = {
            "pipeline_id": result.pipeline.pk,
            "pipeline_url": reverse("pipelines:detail", args=[result.pipeline.pk]),
            "execution_id": result.execution.pk,
            "execution_url": reverse("executions:detail", args=[result.execution.pk]),
            "created": result.created,
        }
        return Response(FirstPipelineOutput(data).data, status=status.HTTP_201_CREATED)
