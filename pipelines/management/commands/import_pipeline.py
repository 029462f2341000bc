"""manage.py import_pipeline FILE [FILE...] [--owner USERNAME] [--draft]

Creates or updates pipelines by slug from YAML (or JSON) documents made by export_pipeline; a new
version is made only when the graph changed. Each file is one transaction: a bad file changes
nothing, and the others still import (the exit code is 1 when any failed)."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.services import pipeline_import

MAX_BYTES = 10 * 1024 * 1024


def _messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return "; ".join(exc.messages)


class Command(BaseCommand):
    help = "Create or update pipelines (by slug) from YAML/JSON files made by export_pipeline."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--owner", help="Owner of created pipelines (default: the first superuser)")
        parser.add_argument("--draft", action="store_true", help="Save the graph as a draft; make no version")

    def handle(self, *args, files, owner, draft, **options):
        User = get_user_model()
        user = (
            User.objects.filter(username=owner).first()
            if owner
            else User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if user is None:
            raise CommandError(f"No user {owner!r}." if owner else "No superuser to own the pipelines: pass --owner.")
        failed = 0
        for name in files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise CommandError("no such file")
                if path.stat().st_size > MAX_BYTES:
                    raise CommandError(f"larger than {MAX_BYTES // 2**20} MB")
                try:
                    document = yaml.safe_load(path.read_text(encoding="utf-8"))  # JSON is YAML too
                except (yaml.YAMLError, UnicodeDecodeError) as exc:
                    raise CommandError(f"not valid YAML: {exc}") from exc
                result = pipeline_import(user=user, document=document, version=not draft)
            except CommandError as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{name}: {exc}"))
                continue
            except ValidationError as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{name}: {_messages(exc)}"))
                continue
            slug = result.pipeline.slug
            if result.created:
                what = f"created v{result.version.number}" if result.version else "created (draft)"
            elif result.new_version:
                what = f"updated, new version v{result.version.number}"
            else:
                what = "updated, graph unchanged" + (f" (v{result.version.number})" if result.version else "")
            self.stdout.write(f"{name}: {slug} {what}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) failed to import")
