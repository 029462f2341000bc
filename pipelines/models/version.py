from __future__ import annotations

from django.conf import settings
from django.db import models


class PipelineVersion(models.Model):
    """An immutable snapshot of a pipeline's graph. Executions always point at one."""

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    graph = models.JSONField()
    content_hash = models.CharField(max_length=64, db_index=True)
    message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Where the snapshot came from when it was not saved in the UI: a document applied from a git
    # repository (gitsync) records the commit, its author, the repository and the file. The repository
    # is a plain id (gitsync.GitRepository): pipelines knows nothing of the apps above it.
    source_commit = models.CharField(max_length=64, blank=True, default="")
    source_author = models.CharField(max_length=300, blank=True, default="")
    source_repository_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_path = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["pipeline", "-number"]
        constraints = [models.UniqueConstraint(fields=["pipeline", "number"], name="version_number_unique")]

    def __str__(self) -> str:
        return f"{self.pipeline} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("force_allow_update", False):
            raise ValueError("PipelineVersion rows are immutable; make a new version instead.")
        super().save(*args, **kwargs)
