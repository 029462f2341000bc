"""Built-in source node types, one module per kind."""

from pipelines.nodes.sources import api, database, file

__all__ = ["api", "database", "file"]
