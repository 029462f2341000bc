// What the canvas and the panels show, derived from the state: the problems (validation, server
// errors, dry-run errors, without duplicates) and each node's decorations.
import { Position, type NodeHandle } from "@xyflow/react";
import type { ExecutionState } from "../flow/execution";
import type { FlowNode, TypeIndex } from "../flow/graph";
import { outputPorts } from "../flow/ports";
import type { DryRunResult, Problem, Schemas, SluiceNodeData, Validation } from "../flow/types";

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

/** Validation's warnings (not problems: the graph stays valid, saves and runs) by node, each once. */
export function warningsByNode(validation: Validation | null): Record<string, Problem[]> {
  const map: Record<string, Problem[]> = {};
  const seen = new Set<string>();
  for (const w of validation?.warnings ?? []) {
    const id = `${w.node}|${w.code}|${w.message}`;
    if (!w.node || seen.has(id)) continue;
    seen.add(id);
    (map[w.node] ??= []).push(w);
  }
  return map;
}

interface Decorations {
  execution: ExecutionState | null;
  dryRun: DryRunResult | null;
  typeIndex: TypeIndex;
  schemas: Schemas | undefined;
  problems: Record<string, Problem[]>;
  /** Validation's warnings by node (warningsByNode); none when absent. */
  warnings?: Record<string, Problem[]>;
  canEdit: boolean;
  /** A large graph (builder/fit.ts): nodes not yet measured carry an estimated box and handles. */
  estimate?: boolean;
}

// A node's box before the browser has measured it (flow.css: 220 px wide, 64 px at least) and where
// its 12 px handles sit (a column of ports spread evenly down each side). React Flow draws every node
// it has no handle positions for, to measure it: given these, it draws only the nodes in view (a
// 2,000-node graph opens with the twenty or so on screen, not all of them), and measures each node
// when it first comes into view (then the measured box and handles replace these). Only for a large
// graph (builder/fit.ts): a smaller one is drawn whole and measured, and fitted exactly.
export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 64;
const HANDLE = 12;

export function estimatedHandles(inputs: { name: string }[], outputs: { name: string }[]): NodeHandle[] {
  const column = (ports: { name: string }[], type: "source" | "target"): NodeHandle[] =>
    ports.map((port, i) => ({
      id: port.name,
      type,
      position: type === "target" ? Position.Left : Position.Right,
      x: type === "target" ? -HANDLE / 2 : NODE_WIDTH - HANDLE / 2,
      y: ((i + 1) / (ports.length + 1)) * NODE_HEIGHT - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    }));
  return [...column(inputs, "target"), ...column(outputs, "source")];
}

const NONE: Problem[] = [];

/** A node's decorated data (ports, problems, warnings, schemas, status and row counts of the last run or
 * of the dry-run) and, for a large graph, its estimated handles: they depend on its data, not on where it
 * is, so a move or a selection reuses them. */
interface Decorated {
  data: SluiceNodeData;
  handles: NodeHandle[] | null;
}

function decorateData(node: FlowNode, d: Decorations): Decorated {
  const step = d.execution?.steps[node.id];
  const dry = d.dryRun?.nodes[node.id];
  const metrics = step
    ? { rows_in: step.rows_in, rows_out: step.rows_out }
    : dry && Object.keys(dry.rows ?? {}).length
      ? { rows_out: Object.values(dry.rows)[0] }
      : null;
  const outputs = outputPorts(d.typeIndex[node.data.type], node.data.config, d.schemas, node.id);
  return {
    data: {
      ...node.data,
      outputs,
      problems: d.problems[node.id] ?? [],
      warnings: d.warnings?.[node.id] ?? NONE,
      schemas: d.schemas?.[node.id],
      status: step?.status ?? null,
      metrics,
      readOnly: !d.canEdit,
    },
    handles: d.estimate ? estimatedHandles(node.data.inputs, outputs) : null,
  };
}

function withDecorations(node: FlowNode, decorated: Decorated): FlowNode {
  const unmeasured =
    !decorated.handles || node.measured?.width
      ? null
      : { initialWidth: NODE_WIDTH, initialHeight: NODE_HEIGHT, handles: decorated.handles };
  return { ...node, ...unmeasured, data: decorated.data };
}

export function decorateNodes(nodes: FlowNode[], d: Decorations): FlowNode[] {
  return nodes.map((node) => withDecorations(node, decorateData(node, d)));
}

const sameDecorations = (a: Decorations, b: Decorations) =>
  a.execution === b.execution &&
  a.dryRun === b.dryRun &&
  a.typeIndex === b.typeIndex &&
  a.schemas === b.schemas &&
  a.problems === b.problems &&
  a.warnings === b.warnings &&
  a.canEdit === b.canEdit &&
  a.estimate === b.estimate;

/** decorateNodes that returns the same decorated object for a node object it has seen with the same
 * decorations: dragging one node of 2,000 makes one new object, so React Flow re-renders one node. A node
 * that only moved (or was selected) keeps its decorated data, so moving 2,000 selected nodes recomputes
 * no ports and re-renders no node view whose data and selection are the same. */
export function createDecorator(): (nodes: FlowNode[], d: Decorations) => FlowNode[] {
  let last: Decorations | null = null;
  let cache = new WeakMap<FlowNode, FlowNode>();
  let byData = new WeakMap<SluiceNodeData, Decorated>();
  return (nodes, d) => {
    if (!last || !sameDecorations(last, d)) {
      cache = new WeakMap();
      byData = new WeakMap();
      last = d;
    }
    return nodes.map((node) => {
      let out = cache.get(node);
      if (!out) {
        let decorated = byData.get(node.data);
        if (!decorated) {
          decorated = decorateData(node, d);
          byData.set(node.data, decorated);
        }
        out = withDecorations(node, decorated);
        cache.set(node, out);
      }
      return out;
    });
  };
}
