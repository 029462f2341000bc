// The builder's state and its reducer: the canvas (React Flow nodes and edges), the undo history,
// what was last saved, the server's answers (validation, dry-run, the followed execution) and the
// status line. Every edit of the graph goes through "commit" (state + history).
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { LiveEvent } from "../live";
import { applyEvent, fromApi, isFinished, type ApiExecution, type ExecutionState } from "../flow/execution";
import { edgeId, fromFlow, indexTypes, nodeData, toApiNode, toFlow, updateNode, type FlowEdge, type FlowNode, type TypeIndex } from "../flow/graph";
import { createHistory, push, redo, undo, type History } from "../flow/history";
import type { ApiGraph, ApiGroup, ApiNode, DryRunResult, NodeTypeInfo, Position, Problem, Validation } from "../flow/types";
import { pruneGroups, withGroups } from "./groups";

export type Tab = "problems" | "preview" | "profile" | "lineage" | "run" | "tests";
export type Busy = "save" | "version" | "dry-run" | "run";

export interface BuilderState {
  types: NodeTypeInfo[] | null;
  typeIndex: TypeIndex;
  loadError: string | null;
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** Canvas groups (visual only): saved with the graph, part of its undo history. */
  groups: ApiGroup[];
  history: History<ApiGraph>;
  /** JSON of the graph as last loaded or saved: the page has unsaved edits when they differ. */
  savedGraph: string;
  status: string;
  tab: Tab;
  busy: Busy | null;
  validation: Validation | null;
  validationErrors: Problem[];
  validating: boolean;
  actionErrors: Problem[];
  dryRun: DryRunResult | null;
  execution: ExecutionState | null;
}

export const initialState: BuilderState = {
  types: null,
  typeIndex: {},
  loadError: null,
  nodes: [],
  edges: [],
  groups: [],
  history: createHistory<ApiGraph>({ nodes: [], edges: [] }),
  savedGraph: "",
  status: "Loading the pipeline…",
  tab: "problems",
  busy: null,
  validation: null,
  validationErrors: [],
  validating: false,
  actionErrors: [],
  dryRun: null,
  execution: null,
};

export type Action =
  | { type: "loaded"; types: NodeTypeInfo[]; graph: ApiGraph; count: number }
  | { type: "load-failed"; message: string }
  | { type: "commit"; graph: ApiGraph; coalesce?: string; select?: string[]; message?: string }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "normalise"; key: string; config: Record<string, unknown> }
  | { type: "nodes-change"; changes: NodeChange<FlowNode>[] }
  | { type: "edges-change"; changes: EdgeChange[] }
  | { type: "drag-stop"; moved: Map<string, Position>; message?: string }
  /** The selection moved with the arrow keys (React Flow moved it; `moved`: where the nodes are now,
   * kept in React Flow's store during a run of presses, useCanvas): a run of presses is one undo step. */
  | { type: "keyboard-move"; moved?: Map<string, Position> }
  /** Nodes moved for a group's box being dragged: not an undo step (its drag-stop is). */
  | { type: "move-nodes"; positions: Map<string, Position> }
  | { type: "select"; key: string }
  | { type: "select-keys"; keys: string[] }
  | { type: "status"; message: string }
  | { type: "tab"; tab: Tab }
  | { type: "busy"; busy: Busy | null; status?: string }
  | { type: "validating" }
  | { type: "validated"; validation: Validation }
  | { type: "validation-failed"; problems: Problem[] }
  | { type: "saved"; graph: ApiGraph; validation: Validation }
  | { type: "action-failed"; problems: Problem[]; status: string }
  | { type: "dry-run"; result: DryRunResult; status: string }
  | { type: "run-started"; execution: ExecutionState; status: string }
  | { type: "execution-event"; id: number; event: LiveEvent }
  | { type: "execution-read"; id: number; detail: ApiExecution };

const samePosition = (a: Position, b: Position) => a.x === b.x && a.y === b.y;

/** The nodes at the positions of `moved` (the others keep their objects), no longer dragging. */
function placeNodes(nodes: FlowNode[], moved: Map<string, Position>): FlowNode[] {
  return nodes.map((n) => {
    const at = moved.get(n.id);
    return at && (n.dragging || !samePosition(n.position, at)) ? { ...n, position: at, dragging: false } : n;
  });
}

/** Keeps React Flow's measurements and selection of nodes that survive a rebuild from the graph, and
 * the very object of a node that did not change (its memoised view and decorations are reused: a
 * commit at 2,000 nodes re-renders only what it touched). */
export function mergeNodes(previous: FlowNode[], next: FlowNode[], select?: string[]): FlowNode[] {
  const old = new Map(previous.map((n) => [n.id, n]));
  const chosen = select ? new Set(select) : null;
  return next.map((node) => {
    const before = old.get(node.id);
    const selected = chosen ? chosen.has(node.id) : (before?.selected ?? false);
    if (!before) return { ...node, selected };
    const d = node.data;
    const b = before.data;
    if (
      Boolean(before.selected) === selected &&
      samePosition(before.position, node.position) &&
      b.config === d.config &&
      b.label === d.label &&
      b.type === d.type &&
      b.title === d.title &&
      before.parentId === node.parentId &&
      before.hidden === node.hidden
    ) {
      return before;
    }
    return { ...node, measured: before.measured, selected };
  });
}

/** Selects exactly `keys`; nodes whose selection does not change keep their object. */
export function selectOnly(nodes: FlowNode[], keys: Iterable<string>): FlowNode[] {
  const chosen = new Set(keys);
  return nodes.map((n) => (Boolean(n.selected) === chosen.has(n.id) ? n : { ...n, selected: chosen.has(n.id) }));
}

/** True when `before` (on the canvas) already is `node` of a graph: the same config object (the graphs
 * the canvas makes share their nodes' configs), type, label and position. */
function unchanged(before: FlowNode | undefined, node: ApiNode): before is FlowNode {
  return (
    before !== undefined &&
    node.config !== undefined &&
    before.data.config === node.config &&
    before.data.type === node.type &&
    before.data.label === (node.label ?? "") &&
    node.position != null &&
    samePosition(before.position, node.position)
  );
}

const sameItems = <T>(a: T[], b: T[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/** The canvas rebuilt from a graph, keeping what React Flow knows of the nodes and edges. A node the
 * graph did not change keeps its very object and is not converted again (its ports are not recomputed):
 * an undo or a paste at 2,000 nodes converts the nodes it adds or changes, not all of them. */
function apply(state: BuilderState, next: ApiGraph, select?: string[]): BuilderState {
  const old = new Map(state.nodes.map((n) => [n.id, n]));
  const chosen = select ? new Set(select) : null;
  const fresh: ApiNode[] = [];
  const kept = next.nodes.map((node, index) => {
    const before = old.get(node.key);
    if (!unchanged(before, node)) {
      fresh.push(node.position ? node : { ...node, position: { x: 0, y: index * 120 } });
      return null;
    }
    const selected = chosen ? chosen.has(node.key) : Boolean(before.selected);
    return Boolean(before.selected) === selected ? before : { ...before, selected };
  });
  const converted = toFlow({ nodes: fresh, edges: [] }, state.typeIndex).nodes;
  const merged = mergeNodes(state.nodes, converted, select);
  let i = 0;
  const nodes = kept.map((n) => n ?? merged[i++]);
  const oldEdges = new Map(state.edges.map((e) => [e.id, e]));
  const rebuilt = next.edges.map((raw) => oldEdges.get(edgeId(raw)) ?? toFlow({ nodes: [], edges: [raw] }, state.typeIndex).edges[0]);
  // The same edges keep their array: React Flow re-indexes every edge (and its markers) when it changes.
  const edges = sameItems(rebuilt, state.edges) ? state.edges : rebuilt;
  return { ...state, nodes: sameItems(nodes, state.nodes) ? state.nodes : nodes, edges, groups: next.groups ?? [] };
}

/** The graph of the canvas: its nodes and edges, and its groups reduced to the nodes that exist. */
export function currentGraph(state: Pick<BuilderState, "nodes" | "edges"> & { groups?: ApiGroup[] }): ApiGraph {
  const graph = fromFlow(state.nodes, state.edges);
  if (!state.groups?.length) return graph;
  return withGroups(graph, pruneGroups(state.groups, new Set(state.nodes.map((n) => n.id))));
}

function loaded(state: BuilderState, action: Extract<Action, { type: "loaded" }>): BuilderState {
  const built = toFlow(action.graph, indexTypes(action.types));
  const groups = pruneGroups(action.graph.groups, new Set(built.nodes.map((n) => n.id)));
  const normalised = currentGraph({ ...built, groups });
  return {
    ...state,
    types: action.types,
    typeIndex: indexTypes(action.types),
    nodes: built.nodes,
    edges: built.edges,
    groups,
    history: createHistory(normalised),
    savedGraph: JSON.stringify(normalised),
    status: `Loaded ${action.count} node${action.count === 1 ? "" : "s"}.`,
  };
}

/** A config the form rewrote without the user (defaults filled in): not an undo step, and not an
 * unsaved edit. The form sends it whenever it renders a config its defaults change (when a node is
 * selected, often as a drag of it starts): this touches that node alone, not the 2,000 of a large graph
 * (no graph rebuilt, compared or serialised whole; the edges, the other nodes and the node's drag state
 * stay as they are). The node's part of the saved graph's JSON, when it is the node as it was (on the
 * canvas, or before the drag under way), becomes the node as it is: a graph that was saved stays saved. */
function normalise(state: BuilderState, key: string, config: Record<string, unknown>): BuilderState {
  const index = state.nodes.findIndex((n) => n.id === key);
  if (index < 0) return state;
  const node = state.nodes[index];
  if (JSON.stringify(node.data.config ?? {}) === JSON.stringify(config)) return state;
  const { data } = node;
  const changed: FlowNode = { ...node, data: nodeData({ key, type: data.type, label: data.label, config }, state.typeIndex) };
  const nodes = state.nodes.slice();
  nodes[index] = changed;
  const present = updateNode(state.history.present, key, { config });
  // The node on the canvas, or (moved by a drag under way) as the history holds it.
  const kept = state.history.present.nodes.find((n) => n.key === key);
  const savedGraph =
    replaceOnce(state.savedGraph, JSON.stringify(toApiNode(node)), JSON.stringify(toApiNode(changed))) ??
    (kept ? replaceOnce(state.savedGraph, JSON.stringify(kept), JSON.stringify({ ...kept, config })) : null) ??
    state.savedGraph;
  return { ...state, nodes, history: { ...state.history, present }, savedGraph };
}

/** `text` with `part` replaced by `by`, or null when `part` is not in it. A node's JSON is found in a
 * graph's JSON at its own place only: its key is unique, and in a string (a label, a config value) its
 * quotes would be escaped. */
function replaceOnce(text: string, part: string, by: string): string | null {
  const at = text.indexOf(part);
  return at < 0 ? null : text.slice(0, at) + by + text.slice(at + part.length);
}

function moveHistory(state: BuilderState, step: typeof undo, message: string): BuilderState {
  const history = step(state.history);
  if (history === state.history) return state;
  return { ...apply(state, history.present), history, status: message };
}

function executionEvent(state: BuilderState, id: number, event: LiveEvent): BuilderState {
  const execution = state.execution;
  if (!execution || execution.id !== id) return state;
  const next = applyEvent(execution, event);
  if (next === execution) return state;
  const finished = next.status !== execution.status && isFinished(next.status);
  return { ...state, execution: next, status: finished ? `Execution #${id} ${next.status}.` : state.status };
}

function executionRead(state: BuilderState, id: number, detail: ApiExecution): BuilderState {
  const execution = state.execution;
  if (!execution || execution.id !== id) return state;
  const read = fromApi(detail);
  return { ...state, execution: { ...read, steps: { ...execution.steps, ...read.steps } } };
}

export function reducer(state: BuilderState, action: Action): BuilderState {
  switch (action.type) {
    case "loaded":
      return loaded(state, action);
    case "load-failed":
      return { ...state, loadError: action.message };
    case "commit": {
      const next = apply(state, action.graph, action.select);
      const history = push(state.history, action.graph, { coalesce: action.coalesce });
      return { ...next, history, status: action.message ?? state.status };
    }
    case "undo":
      return moveHistory(state, undo, "Undone.");
    case "redo":
      return moveHistory(state, redo, "Redone.");
    case "normalise":
      return normalise(state, action.key, action.config);
    case "nodes-change":
      // Removal goes through a commit (history); everything else (drag, select, measure) applies.
      return { ...state, nodes: applyNodeChanges(action.changes.filter((c) => c.type !== "remove"), state.nodes) };
    case "edges-change":
      return { ...state, edges: applyEdgeChanges(action.changes.filter((c) => c.type !== "remove"), state.edges) };
    case "keyboard-move": {
      const nodes = action.moved ? placeNodes(state.nodes, action.moved) : state.nodes;
      const graph = currentGraph({ nodes, edges: state.edges, groups: state.groups });
      return { ...state, nodes, history: push(state.history, graph, { coalesce: "keyboard-move" }) };
    }
    case "move-nodes":
      return {
        ...state,
        nodes: state.nodes.map((n) => {
          const at = action.positions.get(n.id);
          return at && !(n.dragging && samePosition(n.position, at)) ? { ...n, position: at, dragging: true } : n;
        }),
      };
    case "drag-stop": {
      const nodes = placeNodes(state.nodes, action.moved);
      const history = push(state.history, currentGraph({ nodes, edges: state.edges, groups: state.groups }));
      return { ...state, nodes, history, status: action.message ?? state.status };
    }
    case "select":
      return { ...state, nodes: selectOnly(state.nodes, [action.key]) };
    case "select-keys":
      return { ...state, nodes: selectOnly(state.nodes, action.keys) };
    case "status":
      return { ...state, status: action.message };
    case "tab":
      return { ...state, tab: action.tab };
    case "busy":
      return { ...state, busy: action.busy, status: action.status ?? state.status };
    case "validating":
      return { ...state, validating: true };
    case "validated":
      return { ...state, validation: action.validation, validationErrors: [], validating: false };
    case "validation-failed":
      return { ...state, validationErrors: action.problems, validating: false };
    case "saved":
      return { ...state, savedGraph: JSON.stringify(action.graph), validation: action.validation, actionErrors: [] };
    case "action-failed":
      return { ...state, actionErrors: action.problems, status: action.status, tab: "problems" };
    case "dry-run":
      return { ...state, dryRun: action.result, actionErrors: [], tab: "preview", status: action.status };
    case "run-started":
      return { ...state, execution: action.execution, actionErrors: [], tab: "run", status: action.status };
    case "execution-event":
      return executionEvent(state, action.id, action.event);
    case "execution-read":
      return executionRead(state, action.id, action.detail);
  }
}
