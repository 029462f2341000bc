"""The editable (draft) graph of a pipeline: Node and Edge rows."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

NODE_KEY_RE = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"
PORT_RE = r"^[A-Za-z][A-Za-z0-9_]{0,62}$"
node_key_validator = RegexValidator(
    NODE_KEY_RE, "A node key starts with a letter and holds letters, digits and '_' (at most 63)."
)
port_validator = RegexValidator(PORT_RE, "A port name starts with a letter and holds letters, digits and '_'.")


class Node(models.Model):
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="nodes")
    key = models.CharField(max_length=63, validators=[node_key_validator])
    type = models.CharField(max_length=100)
    label = models.CharField(max_length=200, blank=True)
    config = models.JSONField(default=dict, blank=True)
    position_x = models.FloatField(default=0)
    position_y = models.FloatField(default=0)

    class Meta:
        ordering = ["pipeline", "id"]
        constraints = [models.UniqueConstraint(fields=["pipeline", "key"], name="node_key_unique_in_pipeline")]

    def __str__(self) -> str:
        return f"{self.key} ({self.type})"


class Edge(models.Model):
    pipeline = models.ForeignKey("pipelines.Pipeline", on_delete=models.CASCADE, related_name="edges")
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="out_edges")
    source_port = models.CharField(max_length=63, default="out", validators=[port_validator])
    target = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="in_edges")
    target_port = models.CharField(max_length=63, default="in", validators=[port_validator])

    class Meta:
        ordering = ["pipeline", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_port", "target", "target_port"], name="edge_unique_in_pipeline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source.key}.{self.source_port} -> {self.target.key}.{self.target_port}"
