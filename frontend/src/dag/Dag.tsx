// The read-only DAG of an execution (or of a pipeline version): the builder's node component and
// layout; live step statuses and row counts through window.sluiceLive on execution:<id>.
import { Background, Controls, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useEffect, useMemo, useState } from "react";
import { whenLive } from "../livepage";
import { applyEvent, type ExecutionState } from "../flow/execution";
import { edgeId, type FlowEdge, type FlowNode } from "../flow/graph";
import { layoutPositions } from "../flow/layout";
import { FIT_PADDING, FlowMinimap } from "../flow/Minimap";
import { EDGE_OPTIONS, nodeTypes } from "../flow/SluiceNode";
import type { ApiEdge, Position } from "../flow/types";
import { useFlowColorMode } from "../flow/colorMode";

export interface DagNode {
  key: string;
  type: string;
  label?: string;
  family?: string;
  position?: Position | null;
  status?: string | null;
  metrics?: Record<string, unknown> | null;
  inputs?: string[];
  outputs?: string[];
}

export interface DagDocument {
  nodes: DagNode[];
  edges: ApiEdge[];
  execution_id?: number | null;
}

/** Port names: the document's own, else those the edges use, else in/out. */
function ports(doc: DagDocument, key: string, side: "in" | "out"): string[] {
  const used = doc.edges
    .filter((e) => (side === "in" ? e.target === key : e.source === key))
    .map((e) => (side === "in" ? (e.target_port ?? "in") : (e.source_port ?? "out")));
  const names = [...new Set(used)];
  return names.length ? names : [side === "in" ? "in" : "out"];
}

export function dagToFlow(doc: DagDocument, positions: Record<string, Position>, state: ExecutionState | null) {
  const nodes: FlowNode[] = doc.nodes.map((node, i) => {
    const step = state?.steps[node.key];
    const family = node.family ?? node.type.split(".")[0];
    const inputs = node.inputs ?? (family === "source" ? [] : ports(doc, node.key, "in"));
    const outputs = node.outputs ?? (family === "destination" ? [] : ports(doc, node.key, "out"));
    const metrics = { ...(node.metrics ?? {}) };
    if (step?.rows_in != null) metrics.rows_in = step.rows_in;
    if (step?.rows_out != null) metrics.rows_out = step.rows_out;
    return {
      id: node.key,
      type: "sluice",
      position: node.position ?? positions[node.key] ?? { x: i * 260, y: 0 },
      draggable: false,
      connectable: false,
      data: {
        key: node.key,
        type: node.type,
        label: node.label ?? "",
        config: {},
        family,
        title: node.type,
        inputs: inputs.map((name) => ({ name, multiple: false, required: false, description: "" })),
        outputs: outputs.map((name) => ({ name, description: "" })),
        status: step?.status ?? node.status ?? null,
        metrics: Object.keys(metrics).length ? metrics : null,
        problems: step?.error ? [{ node: node.key, field: null, code: "step", message: step.error }] : [],
        readOnly: true,
      },
    };
  });
  const edges: FlowEdge[] = doc.edges.map((e) => ({
    id: edgeId(e),
    source: e.source,
    target: e.target,
    sourceHandle: e.source_port ?? "out",
    targetHandle: e.target_port ?? "in",
    animated: state?.steps[e.source]?.status === "running",
  }));
  return { nodes, edges };
}

function DagCanvas({ doc }: { doc: DagDocument }) {
  const flow = useReactFlow();
  const [positions, setPositions] = useState<Record<string, Position> | null>(null);
  const [execution, setExecution] = useState<ExecutionState | null>(() =>
    doc.execution_id
      ? {
          id: doc.execution_id,
          status: "unknown",
          steps: Object.fromEntries(
            doc.nodes.filter((n) => n.status).map((n) => [n.key, { status: n.status as string }]),
          ),
        }
      : null,
  );
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    if (doc.nodes.every((n) => n.position)) {
      setPositions({});
      return;
    }
    let cancelled = false;
    layoutPositions(
      doc.nodes.map((n) => ({ id: n.key })),
      doc.edges.map((e) => ({ id: edgeId(e), source: e.source, target: e.target })),
    )
      .then((p) => {
        if (!cancelled) setPositions(p);
      })
      .catch(() => {
        if (!cancelled) setPositions({}); // elkjs could not be fetched: the nodes where they are
      });
    return () => {
      cancelled = true;
    };
  }, [doc]);

  useEffect(() => {
    if (positions) window.setTimeout(() => flow.fitView({ padding: FIT_PADDING, maxZoom: 1.1 }), 30);
  }, [positions, flow]);

  useEffect(() => {
    const id = doc.execution_id;
    if (!id) return;
    let off: (() => void) | null = null;
    let cancelled = false;
    whenLive().then((live) => {
      if (cancelled) return;
      off = live.subscribe(
        `execution:${id}`,
        (event) => {
          setExecution((state) => (state ? applyEvent(state, event) : state));
          if (event.type.startsWith("step.") && !["step.progress", "step.log"].includes(event.type)) {
            setAnnouncement(`${String(event.data.node_key)}: ${event.type.slice(5)}`);
          }
        },
        { since: 0 },
      );
    });
    return () => {
      cancelled = true;
      off?.();
    };
  }, [doc.execution_id]);

  const colorMode = useFlowColorMode();
  const { nodes, edges } = useMemo(
    () => (positions ? dagToFlow(doc, positions, execution) : { nodes: [], edges: [] }),
    [doc, positions, execution],
  );

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ padding: FIT_PADDING, maxZoom: 1.1 }}
        colorMode={colorMode}
        minZoom={0.2}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={EDGE_OPTIONS}
      >
        <Background />
        <FlowMinimap label="Minimap of the pipeline graph" />
        <Controls showInteractive={false} aria-label="Zoom and fit view" />
      </ReactFlow>
    </>
  );
}

export function Dag({ doc }: { doc: DagDocument }) {
  return (
    <ReactFlowProvider>
      <DagCanvas doc={doc} />
    </ReactFlowProvider>
  );
}
