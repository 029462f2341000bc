// The server's 400 field errors (dotted paths into the graph) as problems on the nodes they name.
import type { FieldErrors } from "./api";
import type { ApiGraph, Problem } from "./types";

/** A server field path (nodes.2.config.x, nodes[2].key, edges.0.target) -> the node key it is about. */
export function nodeOfField(graph: ApiGraph, field: string): string | null {
  const nodeMatch = field.match(/^(?:graph\.)?nodes(?:\.|\[)(\d+)/);
  if (nodeMatch) return graph.nodes[Number(nodeMatch[1])]?.key ?? null;
  const edgeMatch = field.match(/^(?:graph\.)?edges(?:\.|\[)(\d+)/);
  if (edgeMatch) return graph.edges[Number(edgeMatch[1])]?.target ?? null;
  return null;
}

/** A 400's field errors as problems on the nodes they name (nodes.2.config.x -> node, config.x). */
export function fieldErrorsToProblems(fields: FieldErrors, graph: ApiGraph): Problem[] {
  const problems: Problem[] = [];
  for (const [field, messages] of Object.entries(fields)) {
    const node = nodeOfField(graph, field);
    const nodeField = field.replace(/^(?:graph\.)?nodes(?:\.|\[)\d+\]?\.?/, "");
    for (const message of messages) {
      problems.push({ node, field: node ? nodeField || null : field, code: "server", message });
    }
  }
  return problems;
}
