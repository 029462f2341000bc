from __future__ import annotations

from django.db import models


class PipelineDependency(models.Model):
    """Run ``downstream`` when an execution of ``upstream`` succeeds."""

    upstream = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="downstream_links")
    downstream = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="upstream_links")
    enabled = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["upstream", "downstream"], name="dependency_unique"),
            models.CheckConstraint(condition=~models.Q(upstream=models.F("downstream")), name="dependency_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.upstream} -> {self.downstream}"
