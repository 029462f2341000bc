// The canvas's callbacks: React Flow's changes, drags and connections, drops from the palette, and
// selecting a node from elsewhere (a problem in the bottom panel).
import type { Connection as RFConnection, EdgeChange, NodeChange, ReactFlowInstance } from "@xyflow/react";
import { useCallback, useRef, type Dispatch, type DragEvent, type RefObject } from "react";
import { checkConnection, connect, type FlowEdge, type FlowNode, type TypeIndex } from "../flow/graph";
import type { Position, Schemas } from "../flow/types";
import { groupDragPositions, startGroupDrag, type GroupDrag } from "./groups";
import { DRAG_MIME } from "./Palette";
import type { Action, BuilderState } from "./state";
import type { Editing } from "./useEditing";

interface Options {
  latest: RefObject<BuilderState>;
  dispatch: Dispatch<Action>;
  flow: ReactFlowInstance<FlowNode, FlowEdge>;
  editing: Editing;
  typeIndex: TypeIndex;
  schemas: Schemas | undefined;
}

const asConnection = (c: RFConnection | FlowEdge) => ({
  source: c.source,
  target: c.target,
  sourcePort: c.sourceHandle,
  targetPort: c.targetHandle,
});

export function useCanvas({ latest, dispatch, flow, editing, typeIndex, schemas }: Options) {
  const { current, addType } = editing;

  // React Flow moves the selected nodes itself on an arrow key: position changes that no drag made (a
  // drag's last changes come before its drag-stop). Recorded as an undo step, one per run of presses.
  const dragActive = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      dispatch({ type: "nodes-change", changes });
      if (!dragActive.current && changes.some((c) => c.type === "position" && c.position && !c.dragging)) {
        dispatch({ type: "keyboard-move" });
      }
    },
    [dispatch],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => dispatch({ type: "edges-change", changes }), [dispatch]);

  // A drag is one undo step, recorded when it ends. Dragging a group's box moves its nodes with it
  // (the box is drawn around them, so it follows), and is one undo step too.
  const groupDrag = useRef<GroupDrag | null>(null);
  const onNodeDragStart = useCallback(
    (_event: unknown, node: FlowNode) => {
      dragActive.current = true;
      const { groups, nodes } = latest.current as BuilderState;
      groupDrag.current = startGroupDrag(groups, nodes, node);
    },
    [latest],
  );
  const onNodeDrag = useCallback(
    (_event: unknown, node: FlowNode) => {
      const drag = groupDrag.current;
      if (drag) dispatch({ type: "move-nodes", positions: groupDragPositions(drag, node.position) });
    },
    [dispatch],
  );
  const onNodeDragStop = useCallback(
    (_event: unknown, node: FlowNode, dragged: FlowNode[]) => {
      dragActive.current = false;
      const drag = groupDrag.current;
      groupDrag.current = null;
      if (!drag) {
        dispatch({ type: "drag-stop", moved: new Map(dragged.map((n) => [n.id, n.position])) });
        return;
      }
      const moved = groupDragPositions(drag, node.position);
      const label = (latest.current as BuilderState).groups.find((g) => g.key === drag.key)?.label || drag.key;
      dispatch({ type: "drag-stop", moved, message: `Moved group ${label} (${moved.size} node${moved.size === 1 ? "" : "s"}).` });
    },
    [dispatch, latest],
  );

  const isValidConnection = useCallback(
    (c: RFConnection | FlowEdge) => checkConnection(current(), asConnection(c), typeIndex, schemas).ok,
    [current, typeIndex, schemas],
  );

  const onConnect = useCallback(
    (c: RFConnection) => {
      const graph = current();
      const verdict = checkConnection(graph, asConnection(c), typeIndex, schemas);
      if (!verdict.ok) {
        dispatch({ type: "status", message: verdict.reason });
        return;
      }
      const edge = { source: c.source, source_port: c.sourceHandle ?? "out", target: c.target, target_port: c.targetHandle ?? "in" };
      dispatch({ type: "commit", graph: connect(graph, edge), message: `Connected ${c.source} to ${c.target}.` });
    },
    [current, dispatch, typeIndex, schemas],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      event.preventDefault();
      const key = event.dataTransfer.getData(DRAG_MIME) || event.dataTransfer.getData("text/plain");
      const type = typeIndex[key];
      if (!type) return;
      const at: Position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addType(type, { x: Math.round(at.x - 20), y: Math.round(at.y - 20) });
    },
    [addType, flow, typeIndex],
  );

  const selectNode = useCallback(
    (key: string) => {
      dispatch({ type: "select", key });
      const node = (latest.current as BuilderState).nodes.find((n) => n.id === key);
      // Close enough to read the node (a fitted 2,000-node graph is at the minimum zoom).
      const zoom = Math.max(flow.getZoom(), 0.75);
      const width = node?.measured?.width ?? 220;
      const height = node?.measured?.height ?? 80;
      if (node) flow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom, duration: 200 });
    },
    [dispatch, flow, latest],
  );

  return { onNodesChange, onEdgesChange, onNodeDragStart, onNodeDrag, onNodeDragStop, isValidConnection, onConnect, onDragOver, onDrop, selectNode };
}
