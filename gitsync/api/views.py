"""The git sync API: repositories (their owner's and the admins'), syncs, conflicts and the webhook."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.ids import is_digits
from gitsync import webhooks
from gitsync.api.serializers import (
    DocumentOutput,
    RepositoryInput,
    RepositoryOutput,
    ResolveInput,
    SyncOutput,
    WebhookOutput,
    WebhookQueuedOutput,
)
from gitsync.models import GitDocument, GitRepository, GitSync
from gitsync.selectors import repositories_visible_to, repository_documents, repository_syncs
from gitsync.services import (
    conflict_resolve,
    repository_change_refusal,
    repository_create,
    repository_delete,
    repository_rotate_secret,
    repository_update,
    sync_request,
)
from pipelines.api.common import BAD_REQUEST, READ_ERRORS, WRITE_ERRORS, ErrorOutput, fake_view, parse
from pipelines.api.permissions import IsEditorForWrites

TAGS = ["git"]
WHO = (
    "A repository is its owner's and the admins': others get a 404. Creating one needs the editor role; "
    "changing, syncing and resolving need its owner or an admin."
)


def visible_repository(request, pk: int) -> GitRepository:
    return get_object_or_404(repositories_visible_to(user=request.user), pk=pk)


def changeable_repository(request, pk: int) -> GitRepository:
    """404 when not visible, 403 when visible but not the user's to change (before any validation)."""
    repository = visible_repository(request, pk)
    refusal = repository_change_refusal(repository=repository, user=request.user)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return repository


class RepositoryListApi(generics.ListAPIView):
    permission_classes = [IsEditorForWrites]
    serializer_class = RepositoryOutput
    search_fields = ["name", "url"]
    ordering_fields = ["name", "last_sync_at", "created_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        if fake_view(self):
            return GitRepository.objects.none()
        return repositories_visible_to(user=self.request.user).order_by("name", "id")

    @extend_schema(tags=TAGS, summary="Git repositories you own (all of them for admins)", description=WHO)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=TAGS,
        summary="Add a git repository",
        description=WHO + " The URL is checked (https://, ssh://, user@host:path, or a local path inside "
        "SLUICE_GIT_LOCAL_ROOTS; no private-network host unless the server allows it).",
        request=RepositoryInput,
        responses={201: RepositoryOutput, **WRITE_ERRORS},
    )
    def post(self, request, *args, **kwargs):
        repository = repository_create(user=request.user, **parse(RepositoryInput, request.data))
        return Response(RepositoryOutput(repository).data, status=status.HTTP_201_CREATED)


class RepositoryDetailApi(APIView):
    @extend_schema(tags=TAGS, summary="A git repository", responses={200: RepositoryOutput, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(RepositoryOutput(visible_repository(request, pk)).data)

    def _update(self, request, pk: int, *, partial: bool) -> Response:
        repository = changeable_repository(request, pk)
        data = parse(RepositoryInput, request.data, partial=partial)
        repository = repository_update(repository=repository, user=request.user, **data)
        return Response(RepositoryOutput(repository).data)

    @extend_schema(
        tags=TAGS,
        summary="Replace a git repository's settings",
        description=WHO,
        request=RepositoryInput,
        responses={200: RepositoryOutput, **WRITE_ERRORS},
    )
    def put(self, request, pk: int):
        return self._update(request, pk, partial=False)

    @extend_schema(
        tags=TAGS,
        summary="Change some settings of a git repository",
        description=WHO,
        request=RepositoryInput,
        responses={200: RepositoryOutput, **WRITE_ERRORS},
    )
    def patch(self, request, pk: int):
        return self._update(request, pk, partial=True)

    @extend_schema(
        tags=TAGS,
        summary="Remove a git repository (the pipelines it made stay)",
        description=WHO,
        responses={204: None, **WRITE_ERRORS},
    )
    def delete(self, request, pk: int):
        repository_delete(repository=changeable_repository(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RepositorySyncApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Sync now: queue a sync (a sync already queued is returned)",
        description=WHO + " The sync runs on a worker; follow it with .../syncs/ or the git:<id> events.",
        request=None,
        responses={202: SyncOutput, **READ_ERRORS},
    )
    def post(self, request, pk: int):
        repository = changeable_repository(request, pk)
        sync = sync_request(repository=repository, trigger=GitSync.Trigger.MANUAL, user=request.user)
        return Response(SyncOutput(sync).data, status=status.HTTP_202_ACCEPTED)


class RepositorySyncsApi(generics.ListAPIView):
    serializer_class = SyncOutput
    search_fields = ["status", "trigger"]
    ordering_fields = ["queued_at", "finished_at"]
    ordering = ["-queued_at", "-id"]

    def get_queryset(self):
        if fake_view(self):
            return GitSync.objects.none()
        return repository_syncs(repository=visible_repository(self.request, self.kwargs["pk"]))

    @extend_schema(
        tags=TAGS, summary="The syncs of a repository, newest first", description=WHO, responses={200: SyncOutput}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class RepositoryDocumentsApi(generics.ListAPIView):
    serializer_class = DocumentOutput
    search_fields = ["path", "pipeline__slug"]
    ordering_fields = ["path", "updated_at"]
    ordering = ["path", "id"]

    def get_queryset(self):
        if fake_view(self):
            return GitDocument.objects.none()
        return repository_documents(repository=visible_repository(self.request, self.kwargs["pk"]))

    @extend_schema(
        tags=TAGS,
        summary="The documents of a repository and the pipelines they made (conflicts included)",
        description=WHO,
        responses={200: DocumentOutput},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ConflictResolveApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="Resolve a conflict: keep git's document or Sluice's pipeline",
        description=WHO + " keep=git applies git's document as a new version; keep=sluice sets git's change "
        "aside and, with push back on, pushes Sluice's document.",
        request=ResolveInput,
        responses={200: DocumentOutput, **WRITE_ERRORS},
    )
    def post(self, request, pk: int, document_id: int):
        repository = changeable_repository(request, pk)
        get_object_or_404(repository_documents(repository=repository), pk=document_id)
        keep = parse(ResolveInput, request.data)["keep"]
        document = conflict_resolve(repository=repository, document_id=document_id, keep=keep, user=request.user)
        return Response(DocumentOutput(document).data)


def webhook_url(request, repository: GitRepository) -> str:
    return request.build_absolute_uri(reverse("gitsync-api:webhook")) + f"?repository={repository.pk}"


class RepositoryWebhookApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="The webhook URL and secret of a repository (its owner and admins)",
        description=WHO,
        responses={200: WebhookOutput, **READ_ERRORS},
    )
    def get(self, request, pk: int):
        repository = changeable_repository(request, pk)
        return Response({"url": webhook_url(request, repository), "secret": repository.webhook_secret})

    @extend_schema(
        tags=TAGS,
        summary="Make a new webhook secret (the old one stops working)",
        description=WHO,
        request=None,
        responses={200: WebhookOutput, **READ_ERRORS},
    )
    def post(self, request, pk: int):
        repository = repository_rotate_secret(repository=changeable_repository(request, pk), user=request.user)
        return Response({"url": webhook_url(request, repository), "secret": repository.webhook_secret})


class WebhookApi(APIView):
    """Signed by the git host; queues a sync, never runs one in the request."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAGS,
        summary="A push from GitHub, GitLab or Gitea: queue a sync of the repository",
        description="Signed with the repository's webhook secret: GitHub X-Hub-Signature-256, Gitea "
        "X-Gitea-Signature (HMAC-SHA256 of the body), GitLab X-Gitlab-Token. Unsigned: 401; a wrong "
        "signature: 403; no such repository: 404. The body is not read beyond its signature.",
        parameters=[OpenApiParameter("repository", OpenApiTypes.INT, required=True, description="Repository id")],
        request=OpenApiTypes.OBJECT,
        responses={
            202: WebhookQueuedOutput,
            401: OpenApiResponse(ErrorOutput, description="No signature header."),
            403: OpenApiResponse(ErrorOutput, description="The signature does not match."),
            404: OpenApiResponse(ErrorOutput, description="No such repository."),
            400: BAD_REQUEST,
        },
    )
    def post(self, request):
        body = request.body
        signed = webhooks.signature_of(request.headers)
        if signed is None:
            return Response({"detail": "The request is not signed."}, status=status.HTTP_401_UNAUTHORIZED)
        ident = request.query_params.get("repository", "")
        known = is_digits(ident) and len(ident) < 19
        repository = GitRepository.objects.filter(pk=int(ident)).first() if known else None
        if repository is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        provider, value = signed
        if not webhooks.verify(provider=provider, value=value, secret=repository.webhook_secret, body=body):
            return Response({"detail": "The signature does not match."}, status=status.HTTP_403_FORBIDDEN)
        if request.headers.get("X-GitHub-Event") == "ping" or request.headers.get("X-Gitea-Event") == "ping":
            return Response({"queued": False, "sync": None}, status=status.HTTP_202_ACCEPTED)
        sync = sync_request(repository=repository, trigger=GitSync.Trigger.WEBHOOK)
        return Response({"queued": True, "sync": sync.pk}, status=status.HTTP_202_ACCEPTED)
