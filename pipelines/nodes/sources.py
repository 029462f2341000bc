"""Built-in node types (filled in by the node library work)."""
