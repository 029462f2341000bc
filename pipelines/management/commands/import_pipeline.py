"""manage.py import_pipeline FILE [FILE...] [--owner USERNAME] [--draft]

Creates or updates pipelines by slug from YAML (or JSON) documents made by export_pipeline; a new
version is made only when the graph changed (``--draft`` saves the graph as the draft and makes no
version). Each file is one transaction: a bad file changes nothing, its name and field errors are
printed, and the others still import; the exit code is 1 when any failed.

Files are parsed with ``yaml.safe_load`` and refused above 10 MB or when their aliases expand past
a million values (see ``_documents``): that is the whole defence against YAML bombs, and enough.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.management.commands._documents import error_text, read_document
from pipelines.services import pipeline_import


def resolve_owner(username: str | None):
    """The user named ``username``, else the first superuser; CommandError when there is none."""
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}: give the username of an existing user with --owner.")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("No superuser to own the pipelines: pass --owner USERNAME (or run ensure_admin first).")
    return user


class Command(BaseCommand):
    help = "Create or update pipelines (by slug) from YAML/JSON files made by export_pipeline."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="YAML or JSON documents (at most 10 MB each)")
        parser.add_argument("--owner", help="Owner of created pipelines (default: the first superuser)")
        parser.add_argument("--draft", action="store_true", help="Save the graph as a draft; make no version")

    def handle(self, *args, files, owner, draft, **options):
        user = resolve_owner(owner)
        failed = 0
        for name in files:
            try:
                document = read_document(Path(name))
                result = pipeline_import(user=user, document=document, version=not draft)
            except CommandError as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{name}: {exc}"))
                continue
            except ValidationError as exc:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{name}: {error_text(exc)}"))
                continue
            self.stdout.write(f"{name}: {result.pipeline.slug} {describe(result)}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) failed to import")


def describe(result) -> str:
    """``created v1`` / ``updated, new version v3`` / ``updated, graph unchanged (v2)`` (drafts say so)."""
    version = result.version
    if result.created:
        return f"created v{version.number}" if version else "created (draft)"
    if result.new_version:
        return f"updated, new version v{version.number}"
    return f"updated, graph unchanged (v{version.number})" if version else "updated (draft)"
