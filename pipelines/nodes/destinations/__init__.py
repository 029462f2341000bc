"""Built-in destination node types, one module per kind."""

from pipelines.nodes.destinations import database, file, warehouse

__all__ = ["database", "file", "warehouse"]
