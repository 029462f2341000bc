"""Files API: list files under the data root, upload files (one-shot or resumable) into your upload area.

Mounted under /api/ through ``files_urlpatterns``. Reading needs a signed-in user; uploading needs the
editor role. Every call acts as the signed-in user under the sharing rule of ``pipelines.paths``
(docs/files.md): uploads go to ``uploads/<your user id>/``, the listing shows only what you may open.

Resumable uploads follow tus in spirit: start with the name and size, PUT raw chunks with an
``Upload-Offset`` header (409 with the current offset when it does not match), GET to learn where to
resume, then complete.
"""

from __future__ import annotations

import io

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from pipelines import files, roles
from pipelines.api.common import BAD_REQUEST, FORBIDDEN, NOT_FOUND, fake_view, parse
from pipelines.api.fields import StrictCharField
from pipelines.paths import file_access_for

TAGS = ["files"]


class IsSignedIn(BasePermission):
    message = "Sign in to see files."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated)


class CanUpload(BasePermission):
    message = "Uploading files needs the editor role."

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated) and roles.has_role(request.user, roles.EDITOR)


# --- serializers -------------------------------------------------------------------------------------


class FileOutput(serializers.Serializer):
    path = serializers.CharField(
        help_text="Path relative to the data root, as source.file takes it (uploads/<user id>/... for uploads)."
    )
    size = serializers.IntegerField(help_text="Bytes.")
    modified = serializers.DateTimeField()
    format = serializers.CharField(allow_null=True, help_text="csv, json, ndjson, parquet, excel, or null.")


class FileListQuery(serializers.Serializer):
    prefix = StrictCharField(required=False, allow_blank=True, max_length=1000, default="")


class InspectOutput(serializers.Serializer):
    path = serializers.CharField(
        help_text="Where the file is, relative to the data root (uploads/<your user id>/... for an upload)."
    )
    size = serializers.IntegerField()
    format = serializers.CharField(allow_null=True)
    schema = serializers.DictField(child=serializers.CharField(), help_text="Column -> Polars type.")
    rows_sampled = serializers.IntegerField(help_text=f"Rows read to check the file (at most {files.INSPECT_ROWS}).")
    error = serializers.CharField(allow_null=True, help_text="Why the file could not be read as its format.")


class UploadInput(serializers.Serializer):
    file = serializers.FileField(help_text="The file. Its name is kept (reduced to the base name by the parser).")
    filename = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=1000,
        default="",
        help_text="Store under this name instead (no separators, no leading dot; unicode is fine).",
    )
    path = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        default="",
        help_text="Sub-directory of your upload area uploads/<your user id>/.",
    )
    overwrite = serializers.BooleanField(
        required=False, default=False, help_text="Replace a file of the same name (in your own area only)."
    )


class UploadStartInput(serializers.Serializer):
    filename = StrictCharField(max_length=1000)
    size = serializers.IntegerField(min_value=0, help_text="Total bytes that will be sent.")
    path = StrictCharField(
        required=False,
        allow_blank=True,
        max_length=500,
        default="",
        help_text="Sub-directory of your upload area uploads/<your user id>/.",
    )
    overwrite = serializers.BooleanField(required=False, default=False)


class UploadStateOutput(serializers.Serializer):
    upload_id = serializers.UUIDField()
    filename = serializers.CharField()
    path = serializers.CharField(help_text="Where the file will be once complete.")
    size = serializers.IntegerField()
    offset = serializers.IntegerField(help_text="Bytes received so far: the next chunk starts here.")


class OffsetConflictOutput(serializers.Serializer):
    detail = serializers.CharField()
    offset = serializers.IntegerField()


UPLOAD_ERRORS = {400: BAD_REQUEST, 403: FORBIDDEN}
UPLOAD_ID = OpenApiParameter("upload_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The upload id.")


def _service(call, **kwargs):
    """Run a files service; an unknown upload id (or another user's) is a 404."""
    try:
        return call(**kwargs)
    except files.UploadNotFound as exc:
        raise NotFound("No such upload.") from exc


# --- views -------------------------------------------------------------------------------------------


class FileListApi(ListAPIView):
    """Files under the data root and one-shot uploads."""

    parser_classes = [MultiPartParser]
    serializer_class = FileOutput
    filter_backends: list = []

    def get_permissions(self):
        return [CanUpload()] if self.request is not None and self.request.method == "POST" else [IsSignedIn()]

    def get_queryset(self):
        if fake_view(self):
            return []
        prefix = parse(FileListQuery, self.request.query_params)["prefix"]
        return files.file_list(prefix=prefix, access=file_access_for(self.request.user))

    @extend_schema(
        tags=TAGS,
        summary="Files under the data root",
        description="The files you may open (docs/files.md): the shared area, your upload area uploads/<your user "
        "id>/, the areas of users who share a group with you, every area for admins. Hidden names (upload "
        "state in .uploads/, staging files) and links leading out are never listed. Sorted by path, paginated. "
        "prefix keeps the paths that start with it (e.g. uploads/7/ or sales/2026-); a prefix with a component "
        "starting with '.', leaving the data root, longer than 1,024 bytes or with a component longer than "
        "255 bytes is a 400 on prefix.",
        parameters=[FileListQuery],
        responses={200: FileOutput(many=True), 400: BAD_REQUEST, 403: FORBIDDEN},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Upload a file into your upload area",
        description="multipart/form-data with the field file (and optionally filename, path, a sub-directory of "
        "your area uploads/<your user id>/, and overwrite, which replaces only your own file). Needs the "
        "editor role. The answer says where the file is and what it holds. "
        "Files up to UPLOAD_MAX_BYTES; for large files or unreliable links use the resumable uploads.",
        request={"multipart/form-data": UploadInput},
        responses={201: InspectOutput, **UPLOAD_ERRORS},
    )
    def post(self, request):
        files.upload_declared_check(content_length=request.META.get("CONTENT_LENGTH"))
        data = parse(UploadInput, request.data)
        result = files.file_upload(
            user=request.user,
            uploaded_file=data["file"],
            filename=data["filename"] or None,
            directory=data["path"],
            overwrite=data["overwrite"],
        )
        return Response(InspectOutput(result).data, status=status.HTTP_201_CREATED)


class UploadStartApi(APIView):
    permission_classes = [CanUpload]

    @extend_schema(
        tags=TAGS,
        summary="Start a resumable upload",
        description="Declare the file name, its size in bytes and optionally a sub-directory of your area "
        "uploads/<your user id>/. Then PUT the bytes in chunks to /api/files/uploads/{upload_id}/ and complete "
        "it. Only the user who started an upload can see, continue or complete it (anyone else gets a 404).",
        request=UploadStartInput,
        responses={201: UploadStateOutput, **UPLOAD_ERRORS},
    )
    def post(self, request):
        data = parse(UploadStartInput, request.data)
        state = files.upload_start(
            user=request.user,
            filename=data["filename"],
            size=data["size"],
            directory=data["path"],
            overwrite=data["overwrite"],
        )
        return Response(UploadStateOutput(state).data, status=status.HTTP_201_CREATED, headers={"Upload-Offset": "0"})


class UploadDetailApi(APIView):
    permission_classes = [CanUpload]

    @extend_schema(
        tags=TAGS,
        summary="Where a resumable upload stands",
        description="offset is how many bytes arrived: resume by sending the chunk that starts there.",
        parameters=[UPLOAD_ID],
        responses={200: UploadStateOutput, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, upload_id):
        state = _service(files.upload_status, user=request.user, upload_id=upload_id)
        return Response(UploadStateOutput(state).data, headers={"Upload-Offset": str(state["offset"])})

    @extend_schema(
        tags=TAGS,
        summary="Send a chunk of a resumable upload",
        description="The body is the raw bytes of the chunk (Content-Type application/offset+octet-stream or "
        "application/octet-stream); the Upload-Offset header says where it starts and must equal the current "
        "offset (else 409 with the current offset). A chunk may not pass the declared size or "
        "UPLOAD_CHUNK_MAX_BYTES (16 MiB by default).",
        parameters=[
            UPLOAD_ID,
            OpenApiParameter(
                "Upload-Offset", OpenApiTypes.INT, OpenApiParameter.HEADER, required=True, description="Chunk start."
            ),
        ],
        request={"application/offset+octet-stream": OpenApiTypes.BINARY},
        responses={
            200: UploadStateOutput,
            **UPLOAD_ERRORS,
            404: NOT_FOUND,
            409: OpenApiResponse(OffsetConflictOutput, description="The chunk does not start at the current offset."),
        },
    )
    def put(self, request, upload_id):
        raw_offset = request.headers.get("Upload-Offset", "")
        if not is_digits(raw_offset):
            raise ValidationError({"Upload-Offset": ["Send the chunk's start as a whole number of bytes."]})
        declared = request.META.get("CONTENT_LENGTH")
        length = int(declared) if declared and is_digits(str(declared)) else None
        try:
            state = _service(
                files.upload_append,
                user=request.user,
                upload_id=upload_id,
                offset=int(raw_offset),
                stream=request.stream or io.BytesIO(),
                length=length,
            )
        except files.UploadOffsetConflict as exc:
            body = OffsetConflictOutput({"detail": str(exc), "offset": exc.offset}).data
            return Response(body, status=status.HTTP_409_CONFLICT, headers={"Upload-Offset": str(exc.offset)})
        return Response(UploadStateOutput(state).data, headers={"Upload-Offset": str(state["offset"])})


class UploadCompleteApi(APIView):
    permission_classes = [CanUpload]

    @extend_schema(
        tags=TAGS,
        summary="Complete a resumable upload",
        description="Once every byte arrived: the file moves into your area and the answer is as for a one-shot "
        "upload (path, size, format, schema, rows_sampled).",
        parameters=[UPLOAD_ID],
        request=None,
        responses={200: InspectOutput, **UPLOAD_ERRORS, 404: NOT_FOUND},
    )
    def post(self, request, upload_id):
        result = _service(files.upload_complete, user=request.user, upload_id=upload_id)
        return Response(InspectOutput(result).data)


files_urlpatterns = [
    path("files/", FileListApi.as_view(), name="file-list"),
    path("files/uploads/", UploadStartApi.as_view(), name="file-upload-start"),
    path("files/uploads/<uuid:upload_id>/", UploadDetailApi.as_view(), name="file-upload-detail"),
    path("files/uploads/<uuid:upload_id>/complete/", UploadCompleteApi.as_view(), name="file-upload-complete"),
]
