"""manage.py import_pipeline PATH [PATH...] [--owner USERNAME] [--draft] [--recursive]

Creates or updates pipelines by slug from Sluice documents (docs/documents.md: ``apiVersion:
sluice.dev/v1`` YAML or JSON, and the old ``sluice: 1`` exports). A PATH is a document file, a
directory (its *.yaml, *.yml and *.json; ``--recursive`` also those of subdirectories) or a zip
archive. A new version is made only when the graph changed (``--draft`` saves the graph as the draft
and makes no version). Each file is one transaction: a bad file changes nothing, its name and its
problems (``file:line:column: field.path: message``) are printed, and the others still import; the exit
code is 1 when any failed. Documents act as ``--owner`` (default: the first superuser): updating a
pipeline that user may not change is refused.

Reading is bounded (``pipelines.documents.limits`` and ``.sources``: 10 MB per file, alias bombs,
nesting, zip slip and zip bombs are refused).
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pipelines.documents import DocumentsRejected, document_apply, load_path, problems_from


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
    help = "Create or update pipelines (by slug) from Sluice documents: files, directories or zip archives."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML/JSON documents (at most 10 MB each), directories or zips")
        parser.add_argument("--owner", help="Owner of created pipelines (default: the first superuser)")
        parser.add_argument("--draft", action="store_true", help="Save the graph as a draft; make no version")
        parser.add_argument("-r", "--recursive", action="store_true", help="Read subdirectories of directories too")

    def handle(self, *args, paths, owner, draft, recursive, **options):
        user = resolve_owner(owner)
        files = failed = 0
        for name in paths:
            loaded = load_path(Path(name), recursive=recursive)
            for failure in loaded.failures:
                files += 1
                failed += 1
                self.stderr.write(self.style.ERROR(f"{failure.filename}: {failure.message}"))
            for filename, documents in groupby(loaded.documents, key=lambda d: d.filename):
                files += 1
                failed += not self._import_file(user, filename, list(documents), as_version=not draft)
        if not files:
            raise CommandError("No documents found (*.yaml, *.yml, *.json or a zip archive).")
        if failed:
            raise CommandError(f"{failed} of {files} file(s) failed to import")

    def _import_file(self, user, filename: str, documents: list, *, as_version: bool) -> bool:
        """Apply the documents of one file in one transaction; print what happened or every problem."""
        broken = [(d, d.problems) for d in documents if not d.ok]
        results = []
        if not broken:
            try:
                with transaction.atomic():
                    results = [document_apply(user=user, document=d, as_version=as_version) for d in documents]
            except DocumentsRejected as exc:
                broken = exc.problems
            except ValidationError as exc:
                document = next((d for d in documents if d not in (r.document for r in results)), documents[0])
                broken = [(document, problems_from(document, exc))]
        for document, problems in broken:
            for problem in problems:
                where = problem.where(document.filename)
                self.stderr.write(self.style.ERROR(f"{where}: {problem.message}"))
        if broken:
            return False
        for result in results:
            self.stdout.write(f"{result.document.label}: {result.target} {describe(result)}")
        return True


def describe(result) -> str:
    """``created v1`` / ``updated, new version v3`` / ``updated, graph unchanged (v2)`` (drafts say so)."""
    version = result.version
    if result.action == "created":
        return f"created v{version.number}" if version else "created (draft)"
    if result.new_version:
        return f"updated, new version v{version.number}"
    return f"updated, graph unchanged (v{version.number})" if version else "updated (draft)"
