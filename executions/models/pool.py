from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

POOL_MAX_SLOTS = 10_000


class Pool(models.Model):
    """A named limit of concurrently running steps (like an Airflow pool): a step is in a pool when its
    node's config or its connection's config says ``pool: <name>`` (docs/scheduling.md). A ready step
    whose pool has no free slot waits (``StepRun.pool_waiting_since``) until one frees."""

    name = models.SlugField(max_length=100, unique=True)
    slots = models.PositiveIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(POOL_MAX_SLOTS)],
        help_text="How many steps of this pool may run at once.",
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(slots__gte=1), name="pool_slots_positive")]

    def __str__(self) -> str:
        return f"{self.name} ({self.slots} slots)"
