// Auto-layout with elkjs (layered, left to right), shared by the builder and the DAG.
// elkjs is three quarters of either bundle and only needed for nodes that were never placed, so it
// is loaded on first use, as a chunk of its own (see vite.config.ts).
import type { ELK } from "elkjs/lib/elk-api";
import type { Position } from "./types";

export interface LayoutNode {
  id: string;
  width?: number;
  height?: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

let elk: Promise<ELK> | null = null;

function loadElk(): Promise<ELK> {
  elk ??= import("elkjs/lib/elk.bundled.js").then(
    ({ default: ElkConstructor }) => new ElkConstructor(),
    (error: unknown) => {
      elk = null; // a failed download (a flaky network, a deploy in between) is tried again next time
      throw error;
    },
  );
  return elk;
}

export async function layoutPositions(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<Record<string, Position>> {
  const ids = new Set(nodes.map((n) => n.id));
  const engine = await loadElk();
  const result = await engine.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
      "elk.spacing.nodeNode": "40",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.crossingMinimization.semiInteractive": "true",
    },
    children: nodes.map((n) => ({ id: n.id, width: n.width || NODE_WIDTH, height: n.height || NODE_HEIGHT })),
    edges: edges
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) {
    positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  }
  return positions;
}
