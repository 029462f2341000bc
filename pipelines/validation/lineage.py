"""Column-level lineage: a node type's lineage, by input port and position, resolved to the upstream
node, port and column each output column comes from."""

from __future__ import annotations

# output port -> column -> [(input port, index among the port's edges, source column)]
NodeLineage = dict[str, dict[str, list[tuple[str, int, str]]]]


def resolve_lineage(
    lineage: NodeLineage, refs: dict[str, list[tuple[str, str]]]
) -> dict[str, dict[str, list[dict[str, str]]]]:
    """``refs`` holds, per input port, the (node, port) of each edge into it, in order."""
    resolved: dict[str, dict[str, list[dict[str, str]]]] = {}
    for port, columns in lineage.items():
        out = resolved[port] = {}
        for column, sources in columns.items():
            items = []
            for in_port, index, src_col in sources:
                port_refs = refs.get(in_port, ())
                if index < len(port_refs):
                    src_node, src_port = port_refs[index]
                    items.append({"node": src_node, "port": src_port, "column": src_col})
            out[column] = items
    return resolved
