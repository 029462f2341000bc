// Loading: the node types and the pipeline's draft graph; nodes never placed are laid out first.
import { useReactFlow, useStoreApi } from "@xyflow/react";
import { useEffect, useRef, type Dispatch } from "react";
import { answer } from "../flow/api";
import { edgeId, type FlowEdge, type FlowNode } from "../flow/graph";
import { layoutPositions } from "../flow/layout";
import type { ApiGraph, Position } from "../flow/types";
import { server } from "./server";
import type { EarlyLoad } from "./boot";
import type { Action } from "./state";
import { fitGraph, LARGE_GRAPH } from "./fit";

export { LARGE_GRAPH } from "./fit";

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

type Loaded = [Awaited<ReturnType<typeof server.nodeTypes>>, Awaited<ReturnType<typeof server.graph>>];
const prefetched = new Map<number, Promise<Loaded>>();

/** The node types and the graph, asked before React mounts and renders: sent by builder.js before the
 * builder's code loaded (`early`, boot.ts), or now. The builder's first effect takes the answers (once)
 * instead of asking then. */
export function prefetchLoad(pipelineId: number, early: EarlyLoad | null = null): void {
  const answers: Promise<Loaded> = early
    ? Promise.all([answer<Loaded[0]>(early.types), answer<Loaded[1]>(early.graph)])
    : Promise.all([server.nodeTypes(), server.graph(pipelineId)]);
  answers.catch(() => undefined); // the effect that takes it reports a failure
  prefetched.set(pipelineId, answers);
}

function fetchLoad(pipelineId: number): Promise<Loaded> {
  const early = prefetched.get(pipelineId);
  prefetched.delete(pipelineId);
  return early ?? Promise.all([server.nodeTypes(), server.graph(pipelineId)]);
}

export function useLoad(pipelineId: number, dispatch: Dispatch<Action>): void {
  // React Flow's store, not its instance: the instance changes once the pane mounts, and as an
  // effect dependency that cancelled the first load and fetched the types and the graph (400 kB at
  // 2,000 nodes) again.
  const store = useStoreApi();
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const flowRef = useRef(flow);
  flowRef.current = flow;
  useEffect(() => {
    let cancelled = false;
    fetchLoad(pipelineId)
      .then(async ([types, loaded]) => {
        if (cancelled) return;
        const graph = await placed(loaded);
        dispatch({ type: "loaded", types, graph, count: loaded.nodes.length });
        // A large graph opens at a readable zoom around its middle rather than fitted at the minimum
        // zoom with hundreds of nodes drawn at once (the minimap and Ctrl+F find the rest).
        const minZoom = loaded.nodes.length > LARGE_GRAPH ? 0.5 : undefined;
        if (loaded.nodes.length) window.setTimeout(() => fitGraph(store, flowRef.current, { maxZoom: 1.2, minZoom }), 50);
      })
      .catch((error: unknown) => {
        if (!cancelled) dispatch({ type: "load-failed", message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      cancelled = true;
    };
  }, [pipelineId, dispatch, store]);
}
