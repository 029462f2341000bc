"""manage.py export_pipeline <slug> [-o FILE]: a pipeline as YAML (graph, schedule, params; no secrets).

The document is ``selectors.pipeline_export``: connections are referenced by slug, never with
their secrets, and ``import_pipeline`` reads it back."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from pipelines.models import Pipeline
from pipelines.selectors import pipeline_export


class Command(BaseCommand):
    help = "Write a pipeline as YAML (graph, schedule, params; connections by slug, never secrets)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")

    def handle(self, *args, slug, output, **options):
        pipeline = Pipeline.objects.filter(slug=slug).first()
        if pipeline is None:
            raise CommandError(f"No pipeline with slug {slug!r}.")
        text = yaml.safe_dump(pipeline_export(pipeline=pipeline), sort_keys=False, allow_unicode=True)
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from None
        self.stderr.write(f"wrote {output}")
