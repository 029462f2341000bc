from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models


class Connection(models.Model):
    """Named credentials for a database, an HTTP API, a git repository or a Spark cluster. Secrets are
    Fernet-encrypted at rest."""

    class Kind(models.TextChoices):
        POSTGRESQL = "postgresql", "PostgreSQL"
        MYSQL = "mysql", "MySQL / MariaDB"
        SQLITE = "sqlite", "SQLite"
        DUCKDB = "duckdb", "DuckDB"
        HTTP = "http", "HTTP API"
        GIT = "git", "Git (deploy key or token)"
        SPARK = "spark", "Apache Spark (Spark Connect)"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    config = models.JSONField(default=dict, blank=True, help_text="Non-secret settings (host, port, database...).")
    encrypted_secrets = models.TextField(blank=True, editable=False)
    secret_keys = models.JSONField(default=list, blank=True, editable=False, help_text="Names of the stored secrets.")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="connections")
    shared_with_groups = models.ManyToManyField(Group, blank=True, related_name="shared_connections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind})"

    @property
    def secrets(self) -> dict:
        from pipelines.crypto import decrypt_json

        return decrypt_json(self.encrypted_secrets) if self.encrypted_secrets else {}
