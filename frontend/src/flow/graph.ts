// Pure graph logic shared by the builder and the DAG: API <-> React Flow conversion, connection
// rules (ports, single inputs, cycles), keys for new nodes, removal, copy and paste. The server's
// field errors as problems are in problems.ts.
import type { Edge, Node } from "@xyflow/react";
import { inputPorts, outputPorts } from "./ports";
import type { ApiEdge, ApiGraph, ApiGroup, ApiNode, NodeTypeInfo, Position, Schemas, SluiceNodeData } from "./types";

export type FlowNode = Node<SluiceNodeData, "sluice">;
export type FlowEdge = Edge;
export type TypeIndex = Record<string, NodeTypeInfo>;

export function indexTypes(types: NodeTypeInfo[]): TypeIndex {
  return Object.fromEntries(types.map((t) => [t.key, t]));
}

export function edgeId(edge: ApiEdge): string {
  return `${edge.source}:${edge.source_port ?? "out"}->${edge.target}:${edge.target_port ?? "in"}`;
}

export function normaliseEdge(edge: ApiEdge): Required<ApiEdge> {
  return {
    source: edge.source,
    source_port: edge.source_port ?? "out",
    target: edge.target,
    target_port: edge.target_port ?? "in",
  };
}

export function nodeData(node: ApiNode, types: TypeIndex, schemas?: Schemas): SluiceNodeData {
  const type = types[node.type];
  const config = node.config ?? {};
  return {
    key: node.key,
    type: node.type,
    label: node.label ?? "",
    config,
    family: type?.family ?? "unknown",
    title: type?.title ?? node.type,
    inputs: inputPorts(type, config),
    outputs: outputPorts(type, config, schemas, node.key),
  };
}

export function toFlow(graph: ApiGraph, types: TypeIndex, schemas?: Schemas): { nodes: FlowNode[]; edges: FlowEdge[] } {
  const nodes: FlowNode[] = graph.nodes.map((node, i) => ({
    id: node.key,
    type: "sluice",
    position: node.position ?? { x: 0, y: i * 120 },
    data: nodeData(node, types, schemas),
  }));
  const edges: FlowEdge[] = graph.edges.map((raw) => {
    const edge = normaliseEdge(raw);
    return {
      id: edgeId(edge),
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.source_port,
      targetHandle: edge.target_port,
    };
  });
  return { nodes, edges };
}

function roundPosition(position: Position): Position {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}

/** A node of the canvas as the graph holds it (fromFlow): its JSON is the node's part of the graph's. */
export function toApiNode(node: FlowNode): ApiNode {
  const out: ApiNode = { key: node.id, type: node.data.type, config: node.data.config };
  if (node.data.label) out.label = node.data.label;
  out.position = roundPosition(node.position);
  return out;
}

export function fromFlow(nodes: FlowNode[], edges: FlowEdge[]): ApiGraph {
  return {
    nodes: nodes.map(toApiNode),
    edges: edges.map((edge) => ({
      source: edge.source,
      source_port: edge.sourceHandle ?? "out",
      target: edge.target,
      target_port: edge.targetHandle ?? "in",
    })),
  };
}

/** The graph without positions: what validation depends on (moving a node needs no new check). */
export function semanticKey(graph: ApiGraph): string {
  return JSON.stringify({
    nodes: graph.nodes.map((n) => [n.key, n.type, n.config ?? {}]),
    edges: graph.edges.map((e) => edgeId(e)),
  });
}

/** True when a path leads from `from` to `to` along the edges. */
export function reaches(edges: ApiEdge[], from: string, to: string): boolean {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const key = stack.pop() as string;
    if (key === to) return true;
    if (seen.has(key)) continue;
    seen.add(key);
    stack.push(...(next.get(key) ?? []));
  }
  return false;
}

export function hasCycle(graph: ApiGraph): boolean {
  const indegree = new Map(graph.nodes.map((n) => [n.key, 0]));
  for (const e of graph.edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([k]) => k);
  let visited = 0;
  while (queue.length) {
    const key = queue.shift() as string;
    visited += 1;
    for (const e of graph.edges) {
      if (e.source !== key) continue;
      const d = (indegree.get(e.target) ?? 0) - 1;
      indegree.set(e.target, d);
      if (d === 0) queue.push(e.target);
    }
  }
  return visited < indegree.size;
}

export interface Connection {
  source: string;
  target: string;
  sourcePort?: string | null;
  targetPort?: string | null;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Whether an edge may be drawn: both ports exist, single inputs take one edge, no cycle, no twin. */
export function checkConnection(graph: ApiGraph, connection: Connection, types: TypeIndex, schemas?: Schemas): Verdict {
  const source = graph.nodes.find((n) => n.key === connection.source);
  const target = graph.nodes.find((n) => n.key === connection.target);
  if (!source || !target) return { ok: false, reason: "Both ends must be nodes of this pipeline." };
  if (source.key === target.key) return { ok: false, reason: "A node cannot feed itself." };
  const outs = outputPorts(types[source.type], source.config ?? {}, schemas, source.key);
  const ins = inputPorts(types[target.type], target.config ?? {});
  const sourcePort = connection.sourcePort ?? outs[0]?.name;
  const targetPort = connection.targetPort ?? ins[0]?.name;
  if (!sourcePort || !outs.some((p) => p.name === sourcePort)) {
    return { ok: false, reason: `${source.key} has no output port ${sourcePort ?? ""}`.trim() + "." };
  }
  const port = ins.find((p) => p.name === targetPort);
  if (!port) {
    return {
      ok: false,
      reason: ins.length ? `${target.key} has no input port ${targetPort}.` : `${target.key} takes no input.`,
    };
  }
  const edges = graph.edges.map(normaliseEdge);
  if (
    edges.some(
      (e) => e.source === source.key && e.source_port === sourcePort && e.target === target.key && e.target_port === targetPort,
    )
  ) {
    return { ok: false, reason: "These ports are already connected." };
  }
  if (!port.multiple && edges.some((e) => e.target === target.key && e.target_port === port.name)) {
    return { ok: false, reason: `Input ${port.name} of ${target.key} takes a single edge and already has one.` };
  }
  if (reaches(edges, target.key, source.key)) {
    return { ok: false, reason: `Connecting ${source.key} to ${target.key} would make a cycle.` };
  }
  return { ok: true };
}

export interface ConnectOption {
  target: string;
  targetPort: string;
  sourcePort: string;
  label: string;
}

/** The keys of the nodes with a path to `key` (its ancestors), along the edges. */
function ancestors(edges: ApiEdge[], key: string): Set<string> {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>();
  const stack = [key];
  while (stack.length) {
    for (const up of into.get(stack.pop() as string) ?? []) {
      if (!seen.has(up)) {
        seen.add(up);
        stack.push(up);
      }
    }
  }
  return seen;
}

/** Every edge that may start at `source` (for the keyboard "Connect to…" list): the rules of
 * checkConnection, computed once for all targets (O(nodes + edges), not per target). */
export function connectOptions(graph: ApiGraph, source: string, types: TypeIndex, schemas?: Schemas): ConnectOption[] {
  const node = graph.nodes.find((n) => n.key === source);
  if (!node) return [];
  const outs = outputPorts(types[node.type], node.config ?? {}, schemas, node.key);
  const edges = graph.edges.map(normaliseEdge);
  const upstream = ancestors(edges, source);
  const filled = new Set(edges.map((e) => `${e.target}:${e.target_port}`));
  const existing = new Set(edges.filter((e) => e.source === source).map((e) => `${e.source_port}>${e.target}:${e.target_port}`));
  const options: ConnectOption[] = [];
  for (const out of outs) {
    for (const target of graph.nodes) {
      if (target.key === source || upstream.has(target.key)) continue;
      const ports = inputPorts(types[target.type], target.config ?? {});
      for (const port of ports) {
        if (existing.has(`${out.name}>${target.key}:${port.name}`)) continue;
        if (!port.multiple && filled.has(`${target.key}:${port.name}`)) continue;
        const from = outs.length > 1 ? ` from ${out.name}` : "";
        const into = ports.length > 1 ? ` (${port.name})` : "";
        options.push({
          target: target.key,
          targetPort: port.name,
          sourcePort: out.name,
          label: `${target.label || target.key}${into}${from}`,
        });
      }
    }
  }
  return options;
}

function keyBase(type: string): string {
  return (
    type
      .split(".")
      .pop()
      ?.toLowerCase()
      .replace(/[^a-z0-9_]+/g, "_")
      .replace(/^[^a-z]+/, "") || "node"
  );
}

/** A fresh key for a node of `type`: the type's last word and a number (filter_1, filter_2...). */
export function nextKey(type: string, taken: Iterable<string>): string {
  return keyAllocator(new Set(taken))(type);
}

/** nextKey for many nodes at once (a paste of 500): each base keeps counting where it stopped, and
 * `taken` (which the caller keeps up to date) is not copied per key. */
function keyAllocator(taken: Set<string>): (type: string) => string {
  const next = new Map<string, number>();
  return (type) => {
    const base = keyBase(type);
    for (let i = next.get(base) ?? 1; ; i += 1) {
      const key = `${base}_${i}`;
      if (!taken.has(key)) {
        next.set(base, i + 1);
        return key;
      }
    }
  };
}

export function addNode(graph: ApiGraph, type: NodeTypeInfo, position: Position): { graph: ApiGraph; key: string } {
  const key = nextKey(type.key, graph.nodes.map((n) => n.key));
  const config = defaultConfig(type);
  return { graph: { ...graph, nodes: [...graph.nodes, { key, type: type.key, config, position }] }, key };
}

/** The defaults of the config's JSON Schema (top-level properties). */
export function defaultConfig(type: NodeTypeInfo): Record<string, unknown> {
  const properties = (type.config_schema.properties ?? {}) as Record<string, { default?: unknown }>;
  const config: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (prop && Object.prototype.hasOwnProperty.call(prop, "default") && prop.default !== null) {
      config[name] = structuredClone(prop.default);
    }
  }
  return config;
}

export function connect(graph: ApiGraph, edge: ApiEdge): ApiGraph {
  return { ...graph, edges: [...graph.edges, normaliseEdge(edge)] };
}

/** Removes nodes (with their edges) and edges. */
export function removeElements(graph: ApiGraph, nodeKeys: Iterable<string>, edgeIds: Iterable<string> = []): ApiGraph {
  const nodes = new Set(nodeKeys);
  const edges = new Set(edgeIds);
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodes.has(n.key)),
    edges: graph.edges.filter((e) => !nodes.has(e.source) && !nodes.has(e.target) && !edges.has(edgeId(e))),
  };
}

/** What Ctrl+C keeps: the chosen nodes, the edges between them, and the groups all of whose nodes are
 * chosen (a group copied whole is pasted as a new group of the copies). */
export function copySelection(graph: ApiGraph, keys: Iterable<string>): ApiGraph | null {
  const chosen = new Set(keys);
  if (chosen.size === 0) return null;
  const nodes = graph.nodes.filter((n) => chosen.has(n.key));
  if (nodes.length === 0) return null;
  const groups = (graph.groups ?? []).filter((g) => g.nodes.length > 0 && g.nodes.every((k) => chosen.has(k)));
  return structuredClone({
    nodes,
    edges: graph.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)),
    ...(groups.length ? { groups } : {}),
  });
}

const GROUP_LABEL_MAX = 200; // GroupDocument.label on the server
const COPY_SUFFIX = " copy";

/** The groups of a clipboard for the pasted copies: a fresh key each (group_1, group_2… not taken),
 * the same label + " copy", the renamed nodes. */
function pastedGroups(graph: ApiGraph, clip: ApiGraph, renamed: Map<string, string>): ApiGroup[] {
  const taken = new Set((graph.groups ?? []).map((g) => g.key));
  let n = 1;
  return (clip.groups ?? []).flatMap((group) => {
    const nodes = group.nodes.filter((k) => renamed.has(k)).map((k) => renamed.get(k) as string);
    if (!nodes.length) return [];
    while (taken.has(`group_${n}`)) n += 1;
    const key = `group_${n}`;
    taken.add(key);
    const label = (group.label || group.key).slice(0, GROUP_LABEL_MAX - COPY_SUFFIX.length) + COPY_SUFFIX;
    return [{ key, label, nodes, collapsed: Boolean(group.collapsed) }];
  });
}

/** Adds a copy of `clip` with fresh keys, shifted by `offset` (and a new group per group of the clip);
 * returns the new node keys and group keys too. */
export function pasteClipboard(
  graph: ApiGraph,
  clip: ApiGraph,
  offset: Position = { x: 40, y: 40 },
): { graph: ApiGraph; keys: string[]; groups: string[] } {
  const taken = new Set(graph.nodes.map((n) => n.key));
  const fresh = keyAllocator(taken);
  const renamed = new Map<string, string>();
  const nodes: ApiNode[] = clip.nodes.map((node) => {
    const key = taken.has(node.key) ? fresh(node.type) : node.key;
    taken.add(key);
    renamed.set(node.key, key);
    const position = node.position ?? { x: 0, y: 0 };
    return {
      ...structuredClone(node),
      key,
      position: { x: position.x + offset.x, y: position.y + offset.y },
    };
  });
  const edges = clip.edges
    .filter((e) => renamed.has(e.source) && renamed.has(e.target))
    .map((e) => normaliseEdge({ ...e, source: renamed.get(e.source) as string, target: renamed.get(e.target) as string }));
  const groups = pastedGroups(graph, clip, renamed);
  const pasted: ApiGraph = { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] };
  if (groups.length) pasted.groups = [...(graph.groups ?? []), ...groups];
  return { graph: pasted, keys: nodes.map((n) => n.key), groups: groups.map((g) => g.key) };
}

export function updateNode(graph: ApiGraph, key: string, patch: Partial<ApiNode>): ApiGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.key === key ? { ...n, ...patch } : n)) };
}
