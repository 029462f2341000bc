"""manage.py load_demo [--owner USERNAME] [--reset]: the demo data, connection, pipelines and templates.

Idempotent (``make run`` calls it on every start): data files under DATA_ROOT/demo/ are written only
when missing, never overwritten; the connection, pipelines and templates are created when their slug
is missing and otherwise left as users changed them, unless ``--reset`` brings the pipelines and
templates back to the shipped documents. See ``pipelines.demo``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.demo import demo_load
from pipelines.documents import error_text
from pipelines.management.commands.import_pipeline import resolve_owner


class Command(BaseCommand):
    help = "Load the demo: data files under DATA_ROOT/demo/, a connection, pipelines and templates (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--owner", help="Owner of the demo pipelines (default: the first superuser)")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Bring existing demo pipelines and templates back to the shipped documents (data files are kept)",
        )

    def handle(self, *args, owner, reset, **options):
        user = resolve_owner(owner)
        try:
            report = demo_load(user=user, reset=reset)
        except ValidationError as exc:  # a shipped document the services refuse: a bug to report
            raise CommandError(f"The demo could not be loaded: {error_text(exc)}") from None
        for line in report.lines:
            self.stdout.write(line)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
