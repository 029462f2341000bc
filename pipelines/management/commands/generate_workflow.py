"""manage.py generate_workflow [slug...] [--folder pipelines] [--deploy] [-o FILE]: a GitHub Actions workflow that
validates and tests the pipeline documents of a repository, and optionally deploys them and runs the pipelines
named (docs/ci.md). The same generator as POST /api/ci/github-actions/ and the pipeline's "CI workflow" page."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pipelines.cicd.generate import workflow_generate, workflow_options
from pipelines.cicd.options import PYTHON_VERSIONS


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{key}: {' '.join(messages)}" for key, messages in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Write a GitHub Actions workflow for the pipeline documents of a repository (see docs/ci.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "slugs", nargs="*", metavar="slug", help="Pipelines to run after a deploy (implies --deploy)"
        )
        parser.add_argument("--folder", default="pipelines", help="The documents' folder in the repository")
        parser.add_argument("--branch", default="main", help="The main branch (deploys happen from it)")
        parser.add_argument("--deploy", action="store_true", help="Apply the documents from the main branch")
        parser.add_argument("--no-tests", action="store_true", help="Do not run the pipeline tests")
        parser.add_argument("--offline", action="store_true", help="Validate offline instead of against the server")
        parser.add_argument("--schedule", default=None, help="Also run on this cron schedule (UTC)")
        parser.add_argument("--environment", default=None, help="A GitHub environment for the deploy job")
        parser.add_argument("--python", default=PYTHON_VERSIONS[0], choices=PYTHON_VERSIONS)
        parser.add_argument("--client-source", default="server", choices=["server", "path", "index"])
        parser.add_argument("--client-path", default="clients/python")
        parser.add_argument("--client-index-url", default=None)
        parser.add_argument("--client-version", default=None)
        parser.add_argument("--user", default=None, help="Check the slugs against what this user may see")
        parser.add_argument("-o", "--output", help="File to write (default: standard output)")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        data = {
            "folder": options["folder"],
            "branch": options["branch"],
            "deploy": options["deploy"] or bool(options["slugs"]),
            "pipelines": options["slugs"],
            "tests": not options["no_tests"],
            "validate_mode": "offline" if options["offline"] else "server",
            "schedule": options["schedule"],
            "environment": options["environment"],
            "python_version": options["python"],
            "client_source": options["client_source"],
            "client_path": options["client_path"],
            "client_index_url": options["client_index_url"],
            "client_version": options["client_version"],
        }
        try:
            generated = workflow_generate(user=user, options=workflow_options(data))
        except ValidationError as exc:
            raise CommandError(_errors(exc)) from None
        if not options["output"]:
            self.stdout.write(generated.content, ending="")
            return
        path = Path(options["output"])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated.content, encoding="utf-8")
        self.stderr.write(f"Wrote {path} (commit it as {generated.path}).")
