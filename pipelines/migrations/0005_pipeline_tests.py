"""Pipeline tests: fixtures, golden outputs and tolerances per test, with the last result (issue 16)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pipelines", "0004_version_source"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PipelineTest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        max_length=100,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$", "Letters, digits, '.', '_' and '-' (at most 100)."
                            )
                        ],
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("spec", models.JSONField(default=dict, help_text="Fixtures, expectations, tolerances and params.")),
                (
                    "last_status",
                    models.CharField(
                        choices=[
                            ("never", "Not run yet"),
                            ("passed", "Passed"),
                            ("failed", "Failed"),
                            ("error", "Error"),
                        ],
                        default="never",
                        max_length=10,
                    ),
                ),
                ("last_run_at", models.DateTimeField(blank=True, null=True)),
                ("last_duration_ms", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "last_result",
                    models.JSONField(blank=True, default=dict, help_text="The last run's error and diff summary."),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "pipeline",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="tests", to="pipelines.pipeline"
                    ),
                ),
            ],
            options={
                "ordering": ["pipeline_id", "name"],
                "constraints": [models.UniqueConstraint(fields=("pipeline", "name"), name="pipelinetest_unique_name")],
            },
        ),
    ]
