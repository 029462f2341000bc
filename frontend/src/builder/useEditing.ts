// Editing the graph from the toolbar, the keyboard and the palette: add, delete, copy, paste, undo,
// redo, auto-layout. Every change is a commit (one undo step) with a status message.
import { useStoreApi, type ReactFlowInstance } from "@xyflow/react";
import { useCallback, useMemo, useRef, type Dispatch, type RefObject } from "react";
import { addNode, copySelection, pasteClipboard, removeElements, type FlowEdge, type FlowNode } from "../flow/graph";
import { layoutPositions } from "../flow/layout";
import type { ApiGraph, NodeTypeInfo, Position } from "../flow/types";
import { currentGraph, type Action, type BuilderState } from "./state";
import { fitGraph } from "./fit";
import { ARRANGEMENTS, arrange as arrangeGraph, type Arrangement, type Size } from "./arrange";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const groupsPart = (n: number) => (n ? ` in ${plural(n, "new group")}` : "");

export interface Editing {
  current: () => ApiGraph;
  addType: (type: NodeTypeInfo, position?: Position) => void;
  deleteSelection: () => void;
  copy: () => void;
  paste: () => void;
  duplicate: (keys?: string[]) => void;
  undo: () => void;
  redo: () => void;
  autoLayout: () => Promise<void>;
  selectAll: () => void;
  arrange: (how: Arrangement) => void;
}

interface Options {
  canEdit: boolean;
  /** The state of the last render (event handlers read it; the reducer has the newest). */
  latest: RefObject<BuilderState>;
  dispatch: Dispatch<Action>;
  flow: ReactFlowInstance<FlowNode, FlowEdge>;
  canvas: RefObject<HTMLDivElement | null>;
}

/** Where a node added without a drop lands: right of the rightmost node, or mid-view on an empty canvas. */
function addPosition(nodes: FlowNode[], flow: Options["flow"], canvas: HTMLDivElement | null): Position {
  if (nodes.length) {
    const right = nodes.reduce((a, b) => (b.position.x > a.position.x ? b : a));
    return { x: Math.round(right.position.x + 280), y: Math.round(right.position.y) };
  }
  const box = canvas?.getBoundingClientRect();
  const center = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
  return { x: Math.round(center.x - 110), y: Math.round(center.y - 40) };
}

export function useEditing({ canEdit, latest, dispatch, flow, canvas }: Options): Editing {
  const clipboard = useRef<ApiGraph | null>(null);
  const store = useStoreApi();
  const current = useCallback(() => currentGraph(latest.current as BuilderState), [latest]);

  const addType = useCallback(
    (type: NodeTypeInfo, position?: Position) => {
      if (!canEdit) return;
      let at = position;
      if (!at) {
        at = addPosition((latest.current as BuilderState).nodes, flow, canvas.current);
        // Keep every node in view (the new one is measured by then).
        window.setTimeout(() => fitGraph(store, flow, { maxZoom: 1.1 }), 60);
      }
      const { graph, key } = addNode(current(), type, at);
      dispatch({ type: "commit", graph, select: [key], message: `Added ${type.title} node ${key}.` });
    },
    [canEdit, canvas, current, dispatch, flow, latest, store],
  );

  const deleteSelection = useCallback(() => {
    const { nodes, edges } = latest.current as BuilderState;
    const nodeKeys = nodes.filter((n) => n.selected).map((n) => n.id);
    const edgeIds = edges.filter((e) => e.selected).map((e) => e.id);
    if (!nodeKeys.length && !edgeIds.length) return;
    const graph = removeElements(current(), nodeKeys, edgeIds);
    dispatch({ type: "commit", graph, message: `Deleted ${plural(nodeKeys.length, "node")} and ${plural(edgeIds.length, "edge")}.` });
  }, [current, dispatch, latest]);

  const copy = useCallback(() => {
    const selected = (latest.current as BuilderState).nodes.filter((n) => n.selected).map((n) => n.id);
    const clip = copySelection(current(), selected);
    if (clip) {
      clipboard.current = clip;
      dispatch({ type: "status", message: `Copied ${plural(clip.nodes.length, "node")}${clip.groups?.length ? ` and ${plural(clip.groups.length, "group")}` : ""}.` });
    }
  }, [current, dispatch, latest]);

  const pasteClip = useCallback(
    (clip: ApiGraph, verb: string) => {
      const { graph, keys, groups } = pasteClipboard(current(), clip);
      dispatch({ type: "commit", graph, select: keys, message: `${verb} ${plural(keys.length, "node")}${groupsPart(groups.length)}.` });
    },
    [current, dispatch],
  );

  const paste = useCallback(() => {
    const clip = clipboard.current;
    if (!canEdit || !clip) return;
    pasteClip(clip, "Pasted");
    // The next paste lands a step further.
    const shift = (p?: Position | null) => ({ x: (p?.x ?? 0) + 40, y: (p?.y ?? 0) + 40 });
    clipboard.current = { ...clip, nodes: clip.nodes.map((n) => ({ ...n, position: shift(n.position) })) };
  }, [canEdit, pasteClip]);

  /** Copy and paste in one step (Ctrl+D, a group's Duplicate): the selection, or `keys`; the clipboard
   * stays as it was. */
  const duplicate = useCallback(
    (keys?: string[]) => {
      if (!canEdit) return;
      const chosen = keys ?? (latest.current as BuilderState).nodes.filter((n) => n.selected).map((n) => n.id);
      const clip = copySelection(current(), chosen);
      if (!clip) {
        dispatch({ type: "status", message: "Select the nodes to duplicate first." });
        return;
      }
      pasteClip(clip, "Duplicated");
    },
    [canEdit, current, dispatch, latest, pasteClip],
  );

  const autoLayout = useCallback(async () => {
    const { nodes, edges } = latest.current as BuilderState;
    let positions: Record<string, Position>;
    try {
      positions = await layoutPositions(
        nodes.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })),
        edges.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      );
    } catch (error) {
      // elkjs is fetched on first use: a network failure lands here, and the button tries again.
      const message = `Could not lay out the graph: ${error instanceof Error ? error.message : String(error)}`;
      dispatch({ type: "status", message });
      return;
    }
    const graph = current();
    dispatch({ type: "commit", graph: { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: positions[n.key] ?? n.position })) } });
    window.setTimeout(() => {
      fitGraph(store, flow, { maxZoom: 1.2 });
      dispatch({ type: "status", message: "Laid out the graph." });
    }, 50);
  }, [current, dispatch, flow, latest, store]);

  const selectAll = useCallback(() => {
    const { nodes } = latest.current as BuilderState;
    dispatch({ type: "select-keys", keys: nodes.map((n) => n.id) });
    dispatch({ type: "status", message: `Selected ${plural(nodes.length, "node")}.` });
  }, [dispatch, latest]);

  const arrange = useCallback(
    (how: Arrangement) => {
      if (!canEdit) return;
      const { nodes } = latest.current as BuilderState;
      const selected = nodes.filter((n) => n.selected);
      const sizes: Record<string, Size | undefined> = {};
      for (const n of selected) {
        if (n.measured?.width && n.measured?.height) sizes[n.id] = { width: n.measured.width, height: n.measured.height };
      }
      const graph = arrangeGraph(current(), selected.map((n) => n.id), how, sizes);
      const label = ARRANGEMENTS.find((a) => a.value === how)?.label ?? how;
      if (!graph) {
        const min = ARRANGEMENTS.find((a) => a.value === how)?.min ?? 2;
        dispatch({ type: "status", message: `${label}: select at least ${min} nodes.` });
        return;
      }
      dispatch({ type: "commit", graph, message: `${label}: ${plural(selected.length, "node")}.` });
    },
    [canEdit, current, dispatch, latest],
  );

  const undo = useCallback(() => dispatch({ type: "undo" }), [dispatch]);
  const redo = useCallback(() => dispatch({ type: "redo" }), [dispatch]);

  return useMemo(
    () => ({ current, addType, deleteSelection, copy, paste, duplicate, undo, redo, autoLayout, selectAll, arrange }),
    [current, addType, deleteSelection, copy, paste, duplicate, undo, redo, autoLayout, selectAll, arrange],
  );
}
