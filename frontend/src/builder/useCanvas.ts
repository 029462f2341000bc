// The canvas's callbacks: React Flow's changes, drags and connections, drops from the palette, and
// selecting a node from elsewhere (a problem in the bottom panel).
import { useStoreApi, type Connection as RFConnection, type EdgeChange, type NodeChange, type ReactFlowInstance } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, type Dispatch, type DragEvent, type RefObject } from "react";
import { flushSync } from "react-dom";
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

type NodePositionChange = Extract<NodeChange<FlowNode>, { type: "position" }>;

/** How long a run of arrow-key presses may pause without a key released before it is written back. */
export const KEY_RUN_MS = 1000;

/** A run of arrow-key moves stays in React Flow's store: React Flow has already moved its own copies of
 * the nodes (nodeLookup), and only those get new objects, so the nodes in view and their edges are
 * drawn at the new place without the builder's state, the graph derived from it and React Flow's
 * adoption of 2,000 changed nodes (at 2,000 selected nodes that was most of the frame after the key).
 * The run is written back to the state (the positions, one undo step) when an arrow key is released,
 * when any other key is pressed or the pointer goes down (before their own handlers read the state),
 * on any other change of the nodes, or KEY_RUN_MS after the last press. A node of a group is written
 * back at once (its group's box is drawn from the state and follows it). */
function useKeyRun(latest: RefObject<BuilderState>, dispatch: Dispatch<Action>) {
  const store = useStoreApi<FlowNode, FlowEdge>();
  const pending = useRef<Map<string, Position> | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const end = useCallback(
    (sync = false) => {
      const moved = pending.current;
      if (!moved) return;
      pending.current = null;
      window.clearTimeout(timer.current);
      const write = () => dispatch({ type: "keyboard-move", moved });
      if (sync) flushSync(write);
      else write();
    },
    [dispatch],
  );

  const moved = useCallback(
    (changes: NodePositionChange[]) => {
      const run = pending.current ?? new Map<string, Position>();
      for (const c of changes) run.set(c.id, c.position as Position);
      pending.current = run;
      const { groups } = latest.current as BuilderState;
      if (groups.some((g) => g.nodes.some((k) => run.has(k)))) {
        end();
        return;
      }
      // React Flow moved its internal nodes in place; new objects for them re-render those in view.
      const { nodeLookup } = store.getState();
      for (const c of changes) {
        const node = nodeLookup.get(c.id);
        if (node) nodeLookup.set(c.id, { ...node, internals: { ...node.internals } });
      }
      store.setState({});
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => end(), KEY_RUN_MS);
    },
    [end, latest, store],
  );

  useEffect(() => {
    const isArrow = (e: KeyboardEvent) => e.key.startsWith("Arrow");
    const isModifier = (e: KeyboardEvent) => ["Shift", "Control", "Alt", "Meta"].includes(e.key);
    const onKeyDown = (e: KeyboardEvent) => {
      if (!isArrow(e) && !isModifier(e)) end(true);
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (isArrow(e)) end();
    };
    const onPointerDown = () => end(true);
    const onBlur = () => end();
    // Leaving within a run: the unsaved flag is not set until the run is written back, so the run asks
    // itself (the page's own warning reads the state, which is not updated before the page goes).
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!pending.current) return;
      end(true);
      e.preventDefault();
      e.returnValue = "";
    };
    // Capture: before the builder's own handlers (shortcuts, toolbar) read the state.
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("keyup", onKeyUp, true);
    document.addEventListener("pointerdown", onPointerDown, true);
    window.addEventListener("blur", onBlur);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      document.removeEventListener("keydown", onKeyDown, true);
      document.removeEventListener("keyup", onKeyUp, true);
      document.removeEventListener("pointerdown", onPointerDown, true);
      window.removeEventListener("blur", onBlur);
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.clearTimeout(timer.current);
    };
  }, [end]);

  return useMemo(() => ({ moved, end }), [moved, end]);
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
  const keyRun = useKeyRun(latest, dispatch);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const keyboard = !dragActive.current && changes.length > 0 && changes.every((c) => c.type === "position" && c.position && !c.dragging);
      if (keyboard) {
        keyRun.moved(changes as NodePositionChange[]);
        return;
      }
      keyRun.end(); // the run's positions first: this change applies to the nodes where they are
      dispatch({ type: "nodes-change", changes });
    },
    [dispatch, keyRun],
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
