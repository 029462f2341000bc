from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from notifications.docs import render_events_markdown


class Command(BaseCommand):
    help = "Write docs/events.md (every event type, generated from notifications.schemas)."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "events.md"
        path.write_text(render_events_markdown(), encoding="utf-8")
        self.stdout.write(f"wrote {path}")
