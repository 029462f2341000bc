"""Input and output of the git sync API. The webhook secret and the credentials' secrets are never in a
repository's output: the secret has its own operation, for the owner (``.../webhook/``)."""

from __future__ import annotations

from rest_framework import serializers

from gitsync.models import GitDocument, GitRepository, GitSync
from pipelines.api.fields import StorableJSON, StrictCharField, StrictChoiceField

MAX_ID = 2**63 - 1


def _text(**kwargs) -> StrictCharField:
    """A string PostgreSQL can store (no NUL, no lone surrogate): a 400 otherwise, never a 500."""
    return StrictCharField(validators=[StorableJSON()], **kwargs)


class RepositoryInput(serializers.Serializer):
    name = _text(max_length=200)
    url = _text(max_length=1000, help_text="https://, ssh://, user@host:path or an allowed local path")
    branch = _text(max_length=200, default="main")
    folder = _text(max_length=500, default="", allow_blank=True)
    credentials = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="Id of a git connection (deploy key or token)",
    )
    known_hosts = _text(max_length=20000, default="", allow_blank=True)
    sync_interval_minutes = serializers.IntegerField(default=15, min_value=0, max_value=7 * 24 * 60)
    push_back = serializers.BooleanField(default=False)
    push_branch = _text(max_length=200, default="", allow_blank=True)


class RepositoryOutput(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.get_username", read_only=True)
    credentials = serializers.IntegerField(source="credentials_id", allow_null=True, read_only=True)

    class Meta:
        model = GitRepository
        fields = [
            "id",
            "name",
            "url",
            "branch",
            "folder",
            "credentials",
            "known_hosts",
            "sync_interval_minutes",
            "push_back",
            "push_branch",
            "owner",
            "last_sync_at",
            "last_commit",
            "last_status",
            "last_error",
            "created_at",
            "updated_at",
        ]


class SyncResultOutput(serializers.Serializer):
    path = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=["applied", "unchanged", "conflict", "failed", "removed"],
        help_text="removed: the document was deleted from git (its pipeline archived, or its tests deleted).",
    )
    message = serializers.CharField(allow_blank=True)
    pipeline_id = serializers.IntegerField(allow_null=True)
    pipeline = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(allow_null=True)


class SyncOutput(serializers.ModelSerializer):
    repository = serializers.IntegerField(source="repository_id", read_only=True)
    results = SyncResultOutput(many=True, read_only=True)

    class Meta:
        model = GitSync
        fields = [
            "id",
            "repository",
            "trigger",
            "status",
            "queued_at",
            "started_at",
            "finished_at",
            "commit_before",
            "commit_after",
            "applied",
            "unchanged",
            "conflicted",
            "failed",
            "removed",
            "results",
            "error",
        ]


class DocumentOutput(serializers.ModelSerializer):
    pipeline = serializers.IntegerField(source="pipeline_id", read_only=True)
    pipeline_slug = serializers.CharField(source="pipeline.slug", read_only=True)
    in_conflict = serializers.BooleanField(read_only=True)
    conflict_is_deletion = serializers.BooleanField(
        read_only=True, help_text="git deleted the document; taking git's side archives the pipeline."
    )
    removed_in_git = serializers.BooleanField(
        read_only=True, help_text="git no longer has the document; its pipeline was archived."
    )
    test = serializers.IntegerField(
        source="test_id", read_only=True, allow_null=True, help_text="kind PipelineTest: the test (null: deleted)."
    )

    class Meta:
        model = GitDocument
        fields = [
            "id",
            "kind",
            "path",
            "name",
            "pipeline",
            "pipeline_slug",
            "test",
            "blob",
            "commit",
            "removed_in_git",
            "in_conflict",
            "conflict_is_deletion",
            "conflict_commit",
            "conflict_author",
            "pushed_version",
            "push_error",
        ]


class ResolveInput(serializers.Serializer):
    keep = StrictChoiceField(choices=["git", "sluice"], help_text="git: take git's document; sluice: keep")


class WebhookOutput(serializers.Serializer):
    url = serializers.CharField()
    secret = serializers.CharField()


class WebhookQueuedOutput(serializers.Serializer):
    queued = serializers.BooleanField()
    sync = serializers.IntegerField(allow_null=True)
