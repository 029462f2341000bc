from __future__ import annotations

from django.db import models


class DestinationProfile(models.Model):
    """The profile (pipelines.profiling) of what a destination node received in one run, computed by the
    worker after the step (bounded in rows and time), so that runs can be compared (drift)."""

    execution = models.ForeignKey("executions.Execution", on_delete=models.CASCADE, related_name="profiles")
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="+")
    node_key = models.CharField(max_length=63)
    port = models.CharField(max_length=63, default="in")
    rows = models.BigIntegerField(null=True, blank=True)
    profile = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["execution", "node_key"]
        constraints = [models.UniqueConstraint(fields=["execution", "node_key"], name="profile_node_unique")]
        # The previous run's profile of the same destination (drift).
        indexes = [models.Index(fields=["pipeline", "node_key", "-created_at"], name="profile_by_node")]

    def __str__(self) -> str:
        return f"profile of {self.node_key} in run {self.execution_id}"
