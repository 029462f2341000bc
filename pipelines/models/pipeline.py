from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models

TAG_RE = r"^[a-z0-9][a-z0-9_-]{0,49}$"


class Tag(models.Model):
    name = models.CharField(
        max_length=50,
        unique=True,
        validators=[RegexValidator(TAG_RE, "Tags are lowercase letters, digits, '-' and '_' (at most 50).")],
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Pipeline(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ARCHIVED = "archived", "Archived"

    class Backend(models.TextChoices):
        POLARS = "polars", "Polars (in the workers)"
        SQL = "sql", "SQL (pushed down into the database)"
        SPARK = "spark", "Spark (on a Spark connection)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pipelines")
    shared_with_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="shared_pipelines")
    shared_with_groups = models.ManyToManyField(Group, blank=True, related_name="shared_pipelines")
    tags = models.ManyToManyField(Tag, blank=True, related_name="pipelines")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)

    schedule_cron = models.CharField(max_length=120, blank=True, help_text="Cron expression (5 fields); empty = none.")
    schedule_timezone = models.CharField(max_length=64, default="UTC")
    schedule_enabled = models.BooleanField(default=False)
    default_params = models.JSONField(default=dict, blank=True)
    # The draft's canvas groups ([{key, label, nodes, collapsed}], pipelines.graph.GroupSpec): layout only.
    canvas_groups = models.JSONField(default=list, blank=True)
    concurrency_limit = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Most executions of this pipeline that may run at once; more wait queued.",
    )
    priority = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(0), MaxValueValidator(9)], help_text="0 (lowest) to 9 (highest)."
    )
    backend = models.CharField(
        max_length=16,
        choices=Backend.choices,
        default=Backend.POLARS,
        help_text="Where runs compute: polars (the workers), sql (the whole graph compiled to SQL and run in the "
        "database its sources and destinations share, or an embedded DuckDB for files) or spark (compiled for the "
        "Spark connection the parameter sluice_spark_connection names). A run may override it.",
    )

    current_version = models.ForeignKey(
        "pipelines.PipelineVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["owner", "status"]), models.Index(fields=["updated_at"])]

    def __str__(self) -> str:
        return self.name
