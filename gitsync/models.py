"""Git sync: a repository of pipeline documents, its syncs, and which pipeline each document became."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_webhook_secret() -> str:
    """A fresh webhook secret, encrypted at rest like a connection's secrets (Fernet)."""
    from pipelines.crypto import encrypt_json

    return encrypt_json({"secret": secrets.token_urlsafe(32)})


class GitRepository(models.Model):
    """A folder of a branch of a git repository whose documents Sluice applies (docs/git-sync.md)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="git_repositories")
    name = models.CharField(max_length=200)
    url = models.CharField(max_length=1000, help_text="https://, ssh://, user@host:path, or an allowed local path.")
    branch = models.CharField(max_length=200, default="main")
    folder = models.CharField(max_length=500, blank=True, default="", help_text="Relative to the root; '' is all.")
    credentials = models.ForeignKey(
        "pipelines.Connection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A git connection holding a deploy key (SSH) or a token (HTTPS).",
    )
    known_hosts = models.TextField(blank=True, default="", help_text="SSH host keys (ssh-keyscan output).")
    sync_interval_minutes = models.PositiveIntegerField(default=15, help_text="0: only on webhook or by hand.")
    push_back = models.BooleanField(default=False)
    push_branch = models.CharField(max_length=200, blank=True, default="")
    encrypted_webhook_secret = models.TextField(default=new_webhook_secret, editable=False)
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_commit = models.CharField(max_length=64, blank=True, default="")
    last_status = models.CharField(max_length=20, blank=True, default="")
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def webhook_secret(self) -> str:
        from pipelines.crypto import decrypt_json

        return decrypt_json(self.encrypted_webhook_secret).get("secret", "")

    @property
    def target_push_branch(self) -> str:
        return self.push_branch or self.branch


class GitSync(models.Model):
    """One sync of a repository: what it fetched and what it did with each document."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        PARTIAL = "partial", "Partly applied"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", "Schedule"
        WEBHOOK = "webhook", "Webhook"
        MANUAL = "manual", "Manual"

    repository = models.ForeignKey(GitRepository, on_delete=models.CASCADE, related_name="syncs")
    trigger = models.CharField(max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    commit_before = models.CharField(max_length=64, blank=True, default="")
    commit_after = models.CharField(max_length=64, blank=True, default="")
    applied = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    conflicted = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    # [{"path", "outcome": applied|unchanged|conflict|failed|removed, "pipeline", "version", "message"}]
    results = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-queued_at", "-id"]
        indexes = [models.Index(fields=["repository", "-queued_at"], name="gitsync_repo_queued")]

    def __str__(self) -> str:
        return f"{self.repository} sync {self.pk} ({self.status})"


DELETED = "deleted"  # ``blob``/``conflict_blob`` of a document git no longer has


class GitDocument(models.Model):
    """A document of a repository and what it became (a pipeline, or one test of a pipeline); what was
    applied last, and any conflict.

    Pipelines: ``blob`` is the git blob of the document last applied (or accepted): the document changed in
    git when the folder holds another blob at ``path`` (``DELETED``: git removed it). ``draft_fingerprint``
    is the pipeline's export right after that: the pipeline was edited in Sluice since when its export differs.

    Tests (``kind`` PipelineTest, one row per test of a file, ``name`` the test's): ``blob`` is a digest of
    the test's document with its files inlined (a fixture file's change is a change in git) and
    ``draft_fingerprint`` a digest of the test as Sluice held it then; ``test`` is None once it was deleted
    in Sluice."""

    class Kind(models.TextChoices):
        PIPELINE = "Pipeline", "Pipeline"
        PIPELINE_TEST = "PipelineTest", "Pipeline test"

    repository = models.ForeignKey(GitRepository, on_delete=models.CASCADE, related_name="documents")
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PIPELINE)
    test = models.ForeignKey(
        "pipelines.PipelineTest", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=100, blank=True, default="", help_text="A test's name; '' for a pipeline.")
    path = models.CharField(max_length=500)
    blob = models.CharField(max_length=64, blank=True, default="")
    commit = models.CharField(max_length=64, blank=True, default="")
    draft_fingerprint = models.CharField(max_length=64, blank=True, default="")
    conflict_blob = models.CharField(max_length=64, blank=True, default="")
    conflict_commit = models.CharField(max_length=64, blank=True, default="")
    conflict_author = models.CharField(max_length=300, blank=True, default="")
    # git's side of a conflict, as text: resolving it needs neither the cache nor the remote (the web
    # process may run on another machine than the worker that fetched it).
    conflict_document = models.TextField(blank=True, default="")
    pushed_version = models.PositiveIntegerField(null=True, blank=True)
    push_error = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["repository", "path", "name"], name="gitdocument_path_name_unique"),
            models.UniqueConstraint(
                fields=["repository", "pipeline"],
                condition=models.Q(kind="Pipeline"),
                name="gitdocument_pipeline_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.repository}:{self.path}" + (f"#{self.name}" if self.name else "")

    @property
    def is_test(self) -> bool:
        return self.kind == self.Kind.PIPELINE_TEST

    @property
    def removed_in_git(self) -> bool:
        return self.blob == DELETED

    @property
    def conflict_is_deletion(self) -> bool:
        return self.conflict_blob == DELETED

    @property
    def in_conflict(self) -> bool:
        return bool(self.conflict_blob)
