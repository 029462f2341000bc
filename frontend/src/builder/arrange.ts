// Align and distribute the selected nodes (toolbar "Arrange"): pure functions over the graph and the
// nodes' measured sizes. Each is one commit, so one undo step.
import type { ApiGraph, Position } from "../flow/types";

export type Arrangement = "left" | "center" | "right" | "top" | "middle" | "bottom" | "horizontal" | "vertical";

export const ARRANGEMENTS: Array<{ value: Arrangement; label: string; min: number }> = [
  { value: "left", label: "Align left edges", min: 2 },
  { value: "center", label: "Align centres (vertical line)", min: 2 },
  { value: "right", label: "Align right edges", min: 2 },
  { value: "top", label: "Align top edges", min: 2 },
  { value: "middle", label: "Align middles (horizontal line)", min: 2 },
  { value: "bottom", label: "Align bottom edges", min: 2 },
  { value: "horizontal", label: "Distribute horizontally", min: 3 },
  { value: "vertical", label: "Distribute vertically", min: 3 },
];

export interface Size {
  width: number;
  height: number;
}

/** A node not yet measured is taken at the canvas node's usual size. */
export const DEFAULT_SIZE: Size = { width: 220, height: 80 };

interface Box {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function boxes(graph: ApiGraph, keys: Set<string>, sizes: Record<string, Size | undefined>): Box[] {
  return graph.nodes
    .filter((n) => keys.has(n.key))
    .map((n) => {
      const size = sizes[n.key] ?? DEFAULT_SIZE;
      return { key: n.key, x: n.position?.x ?? 0, y: n.position?.y ?? 0, width: size.width, height: size.height };
    });
}

function aligned(list: Box[], how: Arrangement): Record<string, Position> {
  const left = Math.min(...list.map((b) => b.x));
  const right = Math.max(...list.map((b) => b.x + b.width));
  const top = Math.min(...list.map((b) => b.y));
  const bottom = Math.max(...list.map((b) => b.y + b.height));
  const out: Record<string, Position> = {};
  for (const b of list) {
    let { x, y } = b;
    if (how === "left") x = left;
    else if (how === "right") x = right - b.width;
    else if (how === "center") x = (left + right) / 2 - b.width / 2;
    else if (how === "top") y = top;
    else if (how === "bottom") y = bottom - b.height;
    else if (how === "middle") y = (top + bottom) / 2 - b.height / 2;
    out[b.key] = { x: Math.round(x), y: Math.round(y) };
  }
  return out;
}

/** Equal gaps between neighbours along the axis; the first and the last node stay where they are. */
function distributed(list: Box[], axis: "horizontal" | "vertical"): Record<string, Position> {
  const horizontal = axis === "horizontal";
  const start = (b: Box) => (horizontal ? b.x : b.y);
  const length = (b: Box) => (horizontal ? b.width : b.height);
  const sorted = [...list].sort((a, b) => start(a) - start(b) || a.key.localeCompare(b.key));
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const span = start(last) + length(last) - start(first);
  const gap = (span - sorted.reduce((sum, b) => sum + length(b), 0)) / (sorted.length - 1);
  const out: Record<string, Position> = {};
  let cursor = start(first);
  for (const b of sorted) {
    const at = Math.round(cursor);
    out[b.key] = horizontal ? { x: at, y: b.y } : { x: b.x, y: at };
    cursor += length(b) + gap;
  }
  return out;
}

/** The graph with the nodes of `keys` arranged; null when there are too few of them. */
export function arrange(
  graph: ApiGraph,
  keys: Iterable<string>,
  how: Arrangement,
  sizes: Record<string, Size | undefined> = {},
): ApiGraph | null {
  const list = boxes(graph, new Set(keys), sizes);
  const min = ARRANGEMENTS.find((a) => a.value === how)?.min ?? 2;
  if (list.length < min) return null;
  const moved = how === "horizontal" || how === "vertical" ? distributed(list, how) : aligned(list, how);
  return { ...graph, nodes: graph.nodes.map((n) => (moved[n.key] ? { ...n, position: moved[n.key] } : n)) };
}
