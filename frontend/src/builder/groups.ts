// Canvas groups: select nodes, "Group" draws a named box around them that collapses into one summary
// box (its members and their edges hidden, the edges that cross its border drawn to the box). Saved
// with the graph under "groups"; purely visual (the server never runs or validates them as steps).
// The graph operations are commits (one undo step each); the display is derived on each render.
import type { Node } from "@xyflow/react";
import type { FlowEdge, FlowNode } from "../flow/graph";
import type { ApiGraph, ApiGroup, Position } from "../flow/types";

export const GROUP_PREFIX = "group:";
const PAD = 24;
const HEADER = 34;
const DEFAULT_W = 220;
const DEFAULT_H = 80;

/** Groups reduced to the nodes that still exist; a group left empty goes. */
export function pruneGroups(groups: ApiGroup[] | undefined, keys: Set<string>): ApiGroup[] {
  return (groups ?? [])
    .map((g) => (g.nodes.every((k) => keys.has(k)) ? g : { ...g, nodes: g.nodes.filter((k) => keys.has(k)) }))
    .filter((g) => g.nodes.length > 0);
}

export function withGroups(graph: ApiGraph, groups: ApiGroup[]): ApiGraph {
  const { groups: _old, ...rest } = graph;
  return groups.length ? { ...rest, groups } : rest;
}

function freshGroupKey(groups: ApiGroup[]): string {
  const taken = new Set(groups.map((g) => g.key));
  for (let i = 1; ; i += 1) if (!taken.has(`group_${i}`)) return `group_${i}`;
}

/** `keys` in a new group (taken out of any group they were in); null when no key is a node. */
export function groupNodes(graph: ApiGraph, keys: string[], label?: string): { graph: ApiGraph; group: ApiGroup } | null {
  const nodeKeys = new Set(graph.nodes.map((n) => n.key));
  const members = [...new Set(keys)].filter((k) => nodeKeys.has(k));
  if (!members.length) return null;
  const chosen = new Set(members);
  const others = (graph.groups ?? []).map((g) => ({ ...g, nodes: g.nodes.filter((k) => !chosen.has(k)) })).filter((g) => g.nodes.length);
  const key = freshGroupKey(graph.groups ?? []);
  const group: ApiGroup = { key, label: label ?? `Group ${key.slice(6)}`, nodes: members, collapsed: false };
  return { graph: withGroups(graph, [...others, group]), group };
}

export function ungroup(graph: ApiGraph, key: string): ApiGraph {
  return withGroups(graph, (graph.groups ?? []).filter((g) => g.key !== key));
}

export function updateGroup(graph: ApiGraph, key: string, patch: Partial<Pick<ApiGroup, "label" | "collapsed">>): ApiGraph {
  return withGroups(graph, (graph.groups ?? []).map((g) => (g.key === key ? { ...g, ...patch } : g)));
}

/** A group's box being dragged: where the box and each of its nodes started. */
export interface GroupDrag {
  key: string;
  origin: Position;
  start: Map<string, Position>;
}

/** The drag of a group's box (a node of the canvas whose id is `group:<key>`), or null for any other node. */
export function startGroupDrag(groups: ApiGroup[], nodes: FlowNode[], box: { id: string; position: Position }): GroupDrag | null {
  if (!box.id.startsWith(GROUP_PREFIX)) return null;
  const group = groups.find((g) => g.key === box.id.slice(GROUP_PREFIX.length));
  if (!group) return null;
  const members = new Set(group.nodes);
  const start = new Map(nodes.filter((n) => members.has(n.id)).map((n) => [n.id, n.position]));
  return { key: group.key, origin: { ...box.position }, start };
}

/** Where the group's nodes are when its box is at `at`: each moved by the box's move (whole pixels). */
export function groupDragPositions(drag: GroupDrag, at: Position): Map<string, Position> {
  const dx = Math.round(at.x - drag.origin.x);
  const dy = Math.round(at.y - drag.origin.y);
  return new Map([...drag.start].map(([key, p]) => [key, { x: p.x + dx, y: p.y + dy }]));
}

/** The collapsed group a node is hidden in, if any. */
export function collapsedGroupOf(groups: ApiGroup[], key: string): ApiGroup | undefined {
  return groups.find((g) => g.collapsed && g.nodes.includes(key));
}

export interface GroupNodeData extends Record<string, unknown> {
  key: string;
  label: string;
  count: number;
  collapsed: boolean;
  canEdit: boolean;
  onToggle: (key: string) => void;
  onEdit: (key: string) => void;
}

export type GroupFlowNode = Node<GroupNodeData, "sluiceGroup">;

interface Handlers {
  canEdit: boolean;
  onToggle: (key: string) => void;
  onEdit: (key: string) => void;
}

/** What the canvas draws: a box per group (behind its members, or in their place when collapsed),
 * members of collapsed groups hidden, and their crossing edges redrawn to the box. */
export function displayGroups(
  nodes: FlowNode[],
  edges: FlowEdge[],
  groups: ApiGroup[],
  handlers: Handlers,
): { nodes: Array<FlowNode | GroupFlowNode>; edges: FlowEdge[] } {
  if (!groups.length) return { nodes, edges };
  const byKey = new Map(nodes.map((n) => [n.id, n]));
  const hiddenIn = new Map<string, string>();
  const boxes: GroupFlowNode[] = [];
  for (const g of groups) {
    const members = g.nodes.map((k) => byKey.get(k)).filter((n): n is FlowNode => Boolean(n));
    if (!members.length) continue;
    const left = Math.min(...members.map((n) => n.position.x));
    const top = Math.min(...members.map((n) => n.position.y));
    const right = Math.max(...members.map((n) => n.position.x + (n.measured?.width ?? DEFAULT_W)));
    const bottom = Math.max(...members.map((n) => n.position.y + (n.measured?.height ?? DEFAULT_H)));
    const id = `${GROUP_PREFIX}${g.key}`;
    if (g.collapsed) for (const n of members) hiddenIn.set(n.id, id);
    const width = g.collapsed ? DEFAULT_W : right - left + 2 * PAD;
    const height = g.collapsed ? DEFAULT_H : bottom - top + 2 * PAD + HEADER;
    boxes.push({
      id,
      type: "sluiceGroup",
      position: g.collapsed ? { x: left, y: top } : { x: left - PAD, y: top - PAD - HEADER },
      width,
      height,
      // Only the header (or the whole collapsed box) takes the pointer: the pane and the nodes inside
      // an expanded box stay reachable.
      style: { width, height, pointerEvents: "none" },
      // Before its members in the array (drawn under them).
      zIndex: 0,
      selectable: false,
      // Dragging the box (by its header, or anywhere when collapsed) moves its nodes (useCanvas).
      draggable: handlers.canEdit,
      dragHandle: g.collapsed ? undefined : ".sluice-group-header",
      connectable: false,
      data: { key: g.key, label: g.label || g.key, count: members.length, collapsed: Boolean(g.collapsed), ...handlers },
    });
  }
  if (!hiddenIn.size) return { nodes: [...boxes, ...nodes], edges };
  const shown: FlowEdge[] = [];
  const seen = new Set<string>();
  for (const e of edges) {
    const source = hiddenIn.get(e.source);
    const target = hiddenIn.get(e.target);
    if (!source && !target) {
      shown.push(e);
      continue;
    }
    const from = source ?? e.source;
    const to = target ?? e.target;
    if (from === to) continue; // inside one collapsed group
    const id = `via:${from}->${to}:${source ? "out" : e.sourceHandle}:${target ? "in" : e.targetHandle}`;
    if (seen.has(id)) continue;
    seen.add(id);
    shown.push({
      id,
      source: from,
      target: to,
      sourceHandle: source ? "out" : e.sourceHandle,
      targetHandle: target ? "in" : e.targetHandle,
      selectable: false,
      deletable: false,
      focusable: false,
      className: "sluice-group-edge",
    });
  }
  return { nodes: [...boxes, ...nodes.map((n) => (hiddenIn.has(n.id) ? { ...n, hidden: true, selected: false } : n))], edges: shown };
}
