// Fitting the graph into the pane. A graph of up to LARGE_GRAPH nodes is drawn whole and measured, and
// React Flow's fitView (which waits for every node to be measured) fits it exactly. A larger graph
// draws only the nodes in view (display.ts: the others carry an estimated box), so fitView's wait
// could last for ever: it is fitted at once on the measured and estimated boxes.
import { getNodesBounds, getViewportForBounds, type ReactFlowInstance, type useStoreApi } from "@xyflow/react";
import { FIT_PADDING } from "../flow/Minimap";
import type { FlowEdge, FlowNode } from "../flow/graph";

export const LARGE_GRAPH = 300;

type Store = ReturnType<typeof useStoreApi>;

export function fitGraph(
  store: Store,
  flow: ReactFlowInstance<FlowNode, FlowEdge>,
  options: { minZoom?: number; maxZoom?: number } = {},
): void {
  const { nodeLookup, width, height, minZoom, maxZoom, panZoom } = store.getState();
  if (nodeLookup.size <= LARGE_GRAPH) {
    void flow.fitView({ padding: FIT_PADDING, ...options });
    return;
  }
  const shown = [...nodeLookup.values()].filter((n) => !n.hidden);
  if (!shown.length || !panZoom || !width || !height) return;
  const bounds = getNodesBounds(shown, { nodeLookup });
  const viewport = getViewportForBounds(bounds, width, height, options.minZoom ?? minZoom, options.maxZoom ?? maxZoom, FIT_PADDING);
  void panZoom.setViewport(viewport);
}
