"""manage.py export_pipeline <slug> [-o FILE]: a pipeline as a Sluice document (docs/documents.md).

The document is ``selectors.pipeline_export`` (``apiVersion: sluice.dev/v1``, ``kind: Pipeline``;
graph, schedule, params): connections are referenced by slug, never with their secrets, and
``import_pipeline`` reads it back. The first line is a yaml-language-server modeline naming the
document's JSON Schema, so editors validate the file as it is edited."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from pipelines.documents import SCHEMA_PATH
from pipelines.models import Pipeline
from pipelines.selectors import pipeline_export


def document_yaml(document: dict, *, base_url: str = "") -> str:
    """The YAML text of a document, with the schema modeline when ``base_url`` (the server's) is known."""
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    if not base_url:
        return text
    return f"# yaml-language-server: $schema={base_url.rstrip('/')}{SCHEMA_PATH}\n{text}"


class Command(BaseCommand):
    help = (
        "Write a pipeline as a Sluice document in YAML (graph, schedule, params; connections by slug, never secrets)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")
        parser.add_argument(
            "--schema-url",
            default="",
            metavar="URL",
            help="The server's URL (https://sluice.example.com): adds a modeline naming the document's JSON Schema",
        )

    def handle(self, *args, slug, output, schema_url, **options):
        pipeline = Pipeline.objects.filter(slug=slug).first()
        if pipeline is None:
            raise CommandError(f"No pipeline with slug {slug!r}.")
        text = document_yaml(pipeline_export(pipeline=pipeline), base_url=schema_url)
        if not output:
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror or exc}") from None
        self.stderr.write(f"wrote {output}")
