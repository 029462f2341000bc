// Loading: the node types and the pipeline's draft graph; nodes never placed are laid out first.
import type { ReactFlowInstance } from "@xyflow/react";
import { useEffect, type Dispatch } from "react";
import { edgeId, type FlowEdge, type FlowNode } from "../flow/graph";
import { layoutPositions } from "../flow/layout";
import type { ApiGraph, Position } from "../flow/types";
import { server } from "./server";
import type { Action } from "./state";
import { FIT_PADDING } from "../flow/Minimap";

export const LARGE_GRAPH = 300;

/** Nodes made through the API or a template have no position (or all sit at 0,0). */
function unplaced(graph: ApiGraph): boolean {
  return (
    graph.nodes.some((n) => !n.position) ||
    (graph.nodes.length > 1 && graph.nodes.every((n) => !n.position || (n.position.x === 0 && n.position.y === 0)))
  );
}

async function placed(graph: ApiGraph): Promise<ApiGraph> {
  if (!unplaced(graph)) return graph;
  // Without elkjs (fetched on first use) the nodes open where they are; Auto-layout tries again.
  const positions = await layoutPositions(
    graph.nodes.map((n) => ({ id: n.key })),
    graph.edges.map((e) => ({ id: edgeId(e), source: e.source, target: e.target })),
  ).catch(() => ({}) as Record<string, Position>);
  return {
    ...graph,
    nodes: graph.nodes.map((n) => ({
      ...n,
      position: n.position && (n.position.x || n.position.y) ? n.position : (positions[n.key] ?? n.position),
    })),
  };
}

export function useLoad(pipelineId: number, flow: ReactFlowInstance<FlowNode, FlowEdge>, dispatch: Dispatch<Action>): void {
  useEffect(() => {
    let cancelled = false;
    Promise.all([server.nodeTypes(), server.graph(pipelineId)])
      .then(async ([types, loaded]) => {
        if (cancelled) return;
        const graph = await placed(loaded);
        dispatch({ type: "loaded", types, graph, count: loaded.nodes.length });
        // A large graph opens at a readable zoom around its middle rather than fitted at the minimum
        // zoom with hundreds of nodes drawn at once (the minimap and Ctrl+F find the rest).
        const minZoom = loaded.nodes.length > LARGE_GRAPH ? 0.5 : undefined;
        if (loaded.nodes.length) window.setTimeout(() => flow.fitView({ padding: FIT_PADDING, maxZoom: 1.2, minZoom }), 50);
      })
      .catch((error: unknown) => {
        if (!cancelled) dispatch({ type: "load-failed", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [pipelineId, flow, dispatch]);
}
