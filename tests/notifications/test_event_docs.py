from pathlib import Path

from django.conf import settings

from notifications.docs import render_events_markdown


def test_docs_events_md_matches_the_schemas():
    committed = (Path(settings.BASE_DIR) / "docs" / "events.md").read_text(encoding="utf-8")
    assert committed == render_events_markdown(), "docs/events.md is stale: run `manage.py event_docs`"
