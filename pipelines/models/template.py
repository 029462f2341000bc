from __future__ import annotations

from django.conf import settings
from django.db import models


class PipelineTemplate(models.Model):
    """A reusable graph with parameters (a JSON Schema); applying it makes a pipeline.

    Every signed-in user reads and applies every template. Only the ``owner`` or an admin changes or
    deletes one; ``builtin`` templates (those ``load_demo`` installs) are read-only through the API and
    the pages, for everyone: only the Django admin and ``load_demo --reset`` write them."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(max_length=100, blank=True, db_index=True)
    description = models.TextField(blank=True)
    graph = models.JSONField(default=dict)
    parameters = models.JSONField(default=dict, blank=True, help_text="JSON Schema of the template's parameters.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pipeline_templates",
        help_text="Who may change or delete it (besides admins). Empty on built-in templates.",
    )
    builtin = models.BooleanField(
        default=False, help_text="Shipped with Sluice (load_demo): read-only through the API and the pages."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name
