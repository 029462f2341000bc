"""Built-in transform node types. Importing this package registers them all.

- ``rows``: transform.filter, transform.sort, transform.dedupe, transform.limit
- ``columns``: transform.map (derive, cast, rename, drop, select)
- ``aggregate``: transform.aggregate
- ``combine``: transform.join, transform.union
- ``branch``: transform.branch (output ports from the config)
"""

from pipelines.nodes.transforms import aggregate, branch, columns, combine, rows

__all__ = ["aggregate", "branch", "columns", "combine", "rows"]
