from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pipelines.nodes.docs import render_nodes_markdown


class Command(BaseCommand):
    help = "Write docs/nodes.md (every node type, generated from the registry)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", default=str(Path(settings.BASE_DIR) / "docs" / "nodes.md"))
        parser.add_argument("--print", dest="print_only", action="store_true", help="Print instead of writing")

    def handle(self, *args, output, print_only, **options):
        text = render_nodes_markdown()
        if print_only:
            self.stdout.write(text, ending="")
            return
        Path(output).write_text(text, encoding="utf-8")
        self.stdout.write(f"wrote {output}")
