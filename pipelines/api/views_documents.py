"""Sluice documents through the API: import (dry run or apply) and the documents' JSON Schema.

``POST /api/pipelines/import/`` takes YAML/JSON text (``{"documents": "..."}``) or a multipart upload of one
document file or a zip archive of them; ``dry_run`` reports per document what would change (the diff against
the current draft) and every problem, writing nothing; otherwise every document is applied in one
transaction (``mode``: ``draft`` saves the graphs as drafts, ``version`` also makes versions) or, when any
has a problem, nothing is (400 with the problems, their field paths and lines). Parsing is bounded
(pipelines.documents.limits and .sources); graph validation runs in the interactive pool.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from core.parsers import BoundedJSONParser
from pipelines.api.common import FORBIDDEN, INTERACTIVE_ERRORS, parse
from pipelines.api.fields import StrictCharField, StrictChoiceField
from pipelines.api.permissions import IsEditor
from pipelines.documents import (
    DocumentPlan,
    DocumentsRejected,
    Loaded,
    document_schema,
    documents_apply,
    documents_plan,
    load_text,
    load_upload,
)
from pipelines.documents.sources import MAX_ARCHIVE_BYTES

TAGS = ["pipelines"]
UPLOAD_SLACK = 64 * 1024  # multipart framing around the file


class ImportInput(serializers.Serializer):
    documents = StrictCharField(
        required=False, allow_blank=False, trim_whitespace=False, help_text="YAML or JSON text: one or more documents."
    )
    file = serializers.FileField(
        required=False, help_text="Multipart: one document file (.yaml, .yml, .json) or a zip archive of them."
    )
    filename = StrictCharField(required=False, max_length=200, help_text="Name shown in problems (pasted text).")
    dry_run = serializers.BooleanField(default=False, help_text="Report what would change; write nothing.")
    mode = StrictChoiceField(
        choices=["draft", "version"],
        default="draft",
        help_text="draft: save the graphs as drafts; version: also make a version of each changed, valid graph.",
    )

    def validate(self, attrs):
        if ("documents" in attrs) == ("file" in attrs):
            raise serializers.ValidationError({"documents": ["Send either documents (text) or file (an upload)."]})
        return attrs


class ImportProblemOutput(serializers.Serializer):
    path = serializers.CharField(help_text="Dotted field path in the document ('' for the document as a whole).")
    message = serializers.CharField()
    line = serializers.IntegerField(allow_null=True, help_text="1-based line where the field is written.")
    column = serializers.IntegerField(allow_null=True)


class ImportFailureOutput(serializers.Serializer):
    file = serializers.CharField()
    message = serializers.CharField(help_text="Why the file (or archive member) could not be read at all.")


class ImportPlanOutput(serializers.Serializer):
    file = serializers.CharField()
    index = serializers.IntegerField(help_text="Position of the document in its file (0-based).")
    line = serializers.IntegerField()
    api_version = serializers.CharField()
    kind = serializers.CharField()
    legacy = serializers.BooleanField(help_text="An old 'sluice: 1' export.")
    target = serializers.CharField(help_text="The slug of the pipeline (or the object of another kind).")
    id = serializers.IntegerField(allow_null=True, help_text="The existing object, when it exists.")
    action = serializers.ChoiceField(choices=["create", "update", "unchanged", "refused", "apply"])
    fields = serializers.DictField(help_text="Changed fields: document path -> {from, to}.")
    diff = serializers.DictField(
        allow_null=True, help_text="The graph against the current draft (as the version diff)."
    )
    valid = serializers.BooleanField(allow_null=True, help_text="The graph is valid (can become a version).")
    problems = ImportProblemOutput(many=True, help_text="What stops the document from being applied.")
    validation = ImportProblemOutput(
        many=True, help_text="The graph's validation problems: fine for a draft, not a version."
    )


class ImportResultOutput(serializers.Serializer):
    file = serializers.CharField()
    index = serializers.IntegerField()
    kind = serializers.CharField()
    target = serializers.CharField()
    id = serializers.IntegerField(allow_null=True)
    action = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    version = serializers.IntegerField(allow_null=True, help_text="The current version after the import.")
    new_version = serializers.BooleanField()


class ImportDryRunOutput(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField(help_text="Every document can be applied (in the requested mode).")
    documents = ImportPlanOutput(many=True)
    failures = ImportFailureOutput(many=True)


class ImportApplyOutput(serializers.Serializer):
    dry_run = serializers.BooleanField()
    ok = serializers.BooleanField()
    documents = ImportResultOutput(many=True)


class ImportErrorOutput(serializers.Serializer):
    """Every 400 of the import has this shape (a client tells the cases apart by what is filled in)."""

    detail = serializers.CharField()
    documents = ImportPlanOutput(many=True, required=False, help_text="Documents with problems (paths and lines).")
    failures = ImportFailureOutput(many=True, required=False)
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Invalid input fields of the request itself (documents, file, mode...) -> messages.",
    )


class InputRefused(Exception):
    """The request's own fields are wrong (not a document's): a 400 in the import's error shape."""

    def __init__(self, fields: dict[str, list[str]]):
        self.fields = fields
        super().__init__("; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items()))


def _input(data) -> dict:
    try:
        return parse(ImportInput, data)
    except ValidationError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        raise InputRefused({name: [str(m) for m in messages] for name, messages in detail.items()}) from exc


def _loaded(request, data) -> Loaded:
    if "file" in data:
        upload = data["file"]
        raw = upload.read(MAX_ARCHIVE_BYTES + 1)
        if len(raw) > MAX_ARCHIVE_BYTES:
            raise InputRefused({"file": [f"Larger than {MAX_ARCHIVE_BYTES // 2**20} MB; refused."]})
        return load_upload(upload.name or "upload", raw)
    return load_text(data["documents"], filename=data.get("filename") or None)


def _rejected(loaded: Loaded, plans: list, detail: str) -> Response:
    body = {
        "detail": detail,
        "documents": [p.to_dict() for p in plans],
        "failures": [f.to_dict() for f in loaded.failures],
    }
    return Response(ImportErrorOutput(body).data, status=400)


class PipelineImportApi(APIView):
    permission_classes = [IsEditor]
    parser_classes = [BoundedJSONParser, MultiPartParser]

    @extend_schema(
        tags=TAGS,
        summary="Import Sluice documents (dry run or apply)",
        description="Needs the editor role; updating an existing pipeline needs the right to change it. Body: "
        "JSON {documents: '<yaml>'} or multipart with file (a document or a zip archive: at most 1000 members, "
        "10 MB each, 50 MB in all, no paths leaving the archive, no nested archives). dry_run=true answers "
        "200 with every document's plan: create/update/unchanged, the changed fields, the graph diff against "
        "the current draft, problems (with field paths, lines and columns) and the graph's validation. "
        "Otherwise the documents are applied in one transaction (mode draft or version); a document with a "
        "problem, or an invalid graph with mode=version, applies nothing: 400 naming each problem. "
        "docs/documents.md describes the format.",
        request={"application/json": ImportInput, "multipart/form-data": ImportInput},
        responses={
            200: OpenApiResponse(ImportDryRunOutput, description="dry_run=true: what would change."),
            201: OpenApiResponse(ImportApplyOutput, description="Applied: what each document did."),
            400: OpenApiResponse(
                ImportErrorOutput, description="Input that cannot be read, or documents with problems."
            ),
            403: FORBIDDEN,
            **INTERACTIVE_ERRORS,
        },
    )
    def post(self, request):
        try:
            declared = request.META.get("CONTENT_LENGTH")
            if declared and is_digits(str(declared)) and int(declared) > MAX_ARCHIVE_BYTES + UPLOAD_SLACK:
                raise InputRefused({"file": [f"Larger than {MAX_ARCHIVE_BYTES // 2**20} MB; refused."]})
            data = _input(request.data)
            loaded = _loaded(request, data)
            if not loaded.documents and not loaded.failures:
                raise InputRefused({"documents": ["No documents found (*.yaml, *.yml or *.json)."]})
        except InputRefused as exc:
            body = {"detail": f"Invalid input: {exc}", "fields": exc.fields}
            return Response(ImportErrorOutput(body).data, status=400)
        return self._import(request, data, loaded)

    def _import(self, request, data: dict, loaded: Loaded) -> Response:
        as_version = data["mode"] == "version"
        if data["dry_run"]:
            plans = documents_plan(user=request.user, documents=loaded.documents)
            ok = not loaded.failures and all(p.ok and (p.valid is not False or not as_version) for p in plans)
            body = {"dry_run": True, "ok": ok, "documents": plans, "failures": loaded.failures}
            return Response(ImportDryRunOutput(_plain(body)).data)
        if loaded.failures or any(not d.ok for d in loaded.documents):
            plans = documents_plan(user=request.user, documents=[d for d in loaded.documents if not d.ok])
            return _rejected(loaded, plans, "Nothing was applied: some documents cannot be read.")
        try:
            results = documents_apply(user=request.user, documents=loaded.documents, as_version=as_version)
        except DocumentsRejected as exc:
            plans = [_refused(document, problems) for document, problems in exc.problems]
            return _rejected(loaded, plans, "Nothing was applied: " + str(exc))
        body = {"dry_run": False, "ok": True, "documents": [r.to_dict() for r in results]}
        return Response(ImportApplyOutput(body).data, status=201)


def _refused(document, problems) -> DocumentPlan:
    return DocumentPlan(document=document, action="refused", problems=problems)


def _plain(body: dict) -> dict:
    return {
        **body,
        "documents": [p.to_dict() for p in body["documents"]],
        "failures": [f.to_dict() for f in body["failures"]],
    }


@require_GET
def pipeline_document_schema(request):
    """GET /api/schema/pipeline-document.json: the JSON Schema of Sluice documents. Public, like /api/schema/:
    it describes the format, nothing of anyone's data."""
    schema = document_schema(base_url=request.build_absolute_uri("/").rstrip("/"))
    response = JsonResponse(schema, json_dumps_params={"indent": 2})
    response["Content-Type"] = "application/schema+json"
    response["Cache-Control"] = "public, max-age=300"
    return response
