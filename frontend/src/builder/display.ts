// What the canvas and the panels show, derived from the state: the problems (validation, server
// errors, dry-run errors, without duplicates) and each node's decorations.
import type { ExecutionState } from "../flow/execution";
import type { FlowNode, TypeIndex } from "../flow/graph";
import { outputPorts } from "../flow/ports";
import type { DryRunResult, Problem, Schemas, Validation } from "../flow/types";

/** Client-side errors first, then the server's, each problem once. */
export function mergeProblems(validationErrors: Problem[], actionErrors: Problem[], validation: Validation | null): Problem[] {
  const all = [...validationErrors, ...actionErrors, ...(validation?.problems ?? [])];
  const seen = new Set<string>();
  return all.filter((p) => {
    const id = `${p.node}|${p.field}|${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export function problemsByNode(problems: Problem[], dryRun: DryRunResult | null): Record<string, Problem[]> {
  const map: Record<string, Problem[]> = {};
  for (const p of problems) if (p.node) (map[p.node] ??= []).push(p);
  if (dryRun) {
    for (const [key, node] of Object.entries(dryRun.nodes)) {
      if (node.status === "error" && node.error) {
        (map[key] ??= []).push({ node: key, field: node.field ?? null, code: "dry_run", message: node.error });
      }
    }
  }
  return map;
}

interface Decorations {
  execution: ExecutionState | null;
  dryRun: DryRunResult | null;
  typeIndex: TypeIndex;
  schemas: Schemas | undefined;
  problems: Record<string, Problem[]>;
  canEdit: boolean;
}

/** One node with its ports, problems, schemas, and the status and row counts of the last run (or of
 * the dry-run). */
function decorate(node: FlowNode, d: Decorations): FlowNode {
  const step = d.execution?.steps[node.id];
  const dry = d.dryRun?.nodes[node.id];
  const metrics = step
    ? { rows_in: step.rows_in, rows_out: step.rows_out }
    : dry && Object.keys(dry.rows ?? {}).length
      ? { rows_out: Object.values(dry.rows)[0] }
      : null;
  return {
    ...node,
    data: {
      ...node.data,
      outputs: outputPorts(d.typeIndex[node.data.type], node.data.config, d.schemas, node.id),
      problems: d.problems[node.id] ?? [],
      schemas: d.schemas?.[node.id],
      status: step?.status ?? null,
      metrics,
      readOnly: !d.canEdit,
    },
  };
}

export function decorateNodes(nodes: FlowNode[], d: Decorations): FlowNode[] {
  return nodes.map((node) => decorate(node, d));
}

const sameDecorations = (a: Decorations, b: Decorations) =>
  a.execution === b.execution &&
  a.dryRun === b.dryRun &&
  a.typeIndex === b.typeIndex &&
  a.schemas === b.schemas &&
  a.problems === b.problems &&
  a.canEdit === b.canEdit;

/** decorateNodes that returns the same decorated object for a node object it has seen with the same
 * decorations: dragging one node of 2,000 makes one new object, so React Flow re-renders one node. */
export function createDecorator(): (nodes: FlowNode[], d: Decorations) => FlowNode[] {
  let last: Decorations | null = null;
  let cache = new WeakMap<FlowNode, FlowNode>();
  return (nodes, d) => {
    if (!last || !sameDecorations(last, d)) {
      cache = new WeakMap();
      last = d;
    }
    return nodes.map((node) => {
      let out = cache.get(node);
      if (!out) {
        out = decorate(node, d);
        cache.set(node, out);
      }
      return out;
    });
  };
}
