from pathlib import Path

from django.conf import settings

from pipelines.nodes import registry
from pipelines.nodes.docs import render_nodes_markdown


def test_docs_nodes_md_matches_the_registry():
    committed = (Path(settings.BASE_DIR) / "docs" / "nodes.md").read_text(encoding="utf-8")
    assert committed == render_nodes_markdown(), "docs/nodes.md is stale: run `manage.py node_docs`"


def test_every_builtin_type_is_documented_with_a_valid_example():
    text = render_nodes_markdown()
    for node_type in registry.all_types():
        if not node_type.__module__.startswith("pipelines."):
            continue
        assert f"### `{node_type.key}`" in text
        assert node_type.example is not None, f"{node_type.key} has no example config"
        node_type.parse_config(node_type.example)
