"""The profile of a file under the data root (docs/profiling.md): GET /api/files/profile/?path=."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from pipelines.api.common import BAD_REQUEST, FORBIDDEN, INTERACTIVE_ERRORS, NOT_FOUND, parse
from pipelines.api.fields import StrictCharField
from pipelines.api.files import IsSignedIn
from pipelines.api.serializers_profile import FileProfileOutput
from pipelines.paths import PathNotFound, file_access_for
from pipelines.services.profiles import file_profile


class FileProfileQuery(serializers.Serializer):
    path = StrictCharField(max_length=1024, help_text="The file, relative to the data root (as the listing says).")


class FileProfileApi(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=["files"],
        summary="Profile a file under the data root",
        description="Per column: type, nulls, distinct values, min/max/mean/std/quantiles, top values and a "
        "histogram, computed in the interactive pool on at most SLUICE_PROFILE_ROWS rows (a larger file is "
        "sampled, and the answer says so). Only files you may open (docs/files.md): any other file, like a "
        "missing one, is a 404; a path that may not be used (.., absolute, hidden names) is a 400 on path.",
        parameters=[FileProfileQuery],
        responses={200: FileProfileOutput, 400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND, **INTERACTIVE_ERRORS},
    )
    def get(self, request):
        query = parse(FileProfileQuery, request.query_params)
        try:
            result = file_profile(path=query["path"], access=file_access_for(request.user))
        except PathNotFound as exc:
            raise NotFound(str(exc)) from exc
        return Response(FileProfileOutput(result).data)


profile_urlpatterns = [path("files/profile/", FileProfileApi.as_view(), name="file-profile")]
