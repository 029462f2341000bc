from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

# A test's name: unique within its pipeline (pipelines.testing.spec.TestSpec checks the same).
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"


class PipelineTest(models.Model):
    """A test of a pipeline: fixtures for its sources and golden rows for its destinations, with tolerances
    (``spec``: the shape of ``pipelines.testing.spec.TestSpec`` without its name), and its last result.

    Whoever sees the pipeline sees its tests; editors of it change and run them (docs/testing-pipelines.md).
    """

    class Status(models.TextChoices):
        NEVER = "never", "Not run yet"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        ERROR = "error", "Error"

    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="tests")
    name = models.CharField(
        max_length=100, validators=[RegexValidator(NAME_PATTERN, "Letters, digits, '.', '_' and '-' (at most 100).")]
    )
    description = models.TextField(blank=True)
    spec = models.JSONField(default=dict, help_text="Fixtures, expectations, tolerances and params.")
    last_status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEVER)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_duration_ms = models.PositiveIntegerField(null=True, blank=True)
    last_result = models.JSONField(default=dict, blank=True, help_text="The last run's error and diff summary.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pipeline_id", "name"]
        constraints = [models.UniqueConstraint(fields=["pipeline", "name"], name="pipelinetest_unique_name")]

    def __str__(self) -> str:
        return f"{self.pipeline_id}:{self.name}"

    def spec_data(self) -> dict:
        """The whole test as ``TestSpec`` data (the name and description are columns of their own)."""
        return {**self.spec, "name": self.name, "description": self.description}
