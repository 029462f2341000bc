// The side panel: the selected node's panel (label, config, connections), or help when none or
// several are selected. Its edits are commits (typing into one field is one undo step).
import { memo, type Dispatch, type ReactNode } from "react";
import { connect, connectOptions, edgeId, removeElements, updateNode, type TypeIndex } from "../flow/graph";
import type { ApiEdge, ApiGraph, Problem, Schemas } from "../flow/types";
import { NodePanel } from "./NodePanel";
import type { Action } from "./state";

interface SidePanelProps {
  graph: ApiGraph;
  /** The keys of the selected nodes. */
  selectedKeys: string[];
  typeIndex: TypeIndex;
  schemas: Schemas | undefined;
  problems: Record<string, Problem[]>;
  canEdit: boolean;
  current: () => ApiGraph;
  dispatch: Dispatch<Action>;
  /** The group form, shown instead of the help when no single node is selected. */
  groupPanel?: ReactNode;
}

function Help({ selectedCount }: { selectedCount: number }) {
  return (
    <div className="small text-body-secondary">
      <h2 className="h6 text-body">No node selected</h2>
      <p>
        {selectedCount > 1
          ? `${selectedCount} nodes selected: Delete removes them, Ctrl+C copies them.`
          : "Select a node (click it, or Tab to it and press Enter) to edit its configuration and connect it."}
      </p>
      <details>
        <summary>Keyboard shortcuts</summary>
        <dl className="sluice-shortcuts mt-2">
          <dt>Enter</dt>
          <dd>on a palette entry: add it; on a node: select it</dd>
          <dt>Arrow keys</dt>
          <dd>move the selected nodes</dd>
          <dt>Delete</dt>
          <dd>remove the selected nodes and edges</dd>
          <dt>Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y</dt>
          <dd>undo / redo</dd>
          <dt>Ctrl+C / Ctrl+V</dt>
          <dd>copy / paste the selected nodes (a group copied whole is pasted as a new group)</dd>
          <dt>Ctrl+D</dt>
          <dd>duplicate the selected nodes</dd>
          <dt>Ctrl+A</dt>
          <dd>select every node</dd>
          <dt>Ctrl+F</dt>
          <dd>find a node (Enter: next match, Shift+Enter: previous, Escape: close)</dd>
        </dl>
      </details>
    </div>
  );
}

function SidePanelView({ graph, selectedKeys, typeIndex, schemas, problems, canEdit, current, dispatch, groupPanel }: SidePanelProps) {
  const selected = selectedKeys.length === 1 ? graph.nodes.find((n) => n.key === selectedKeys[0]) : undefined;
  if (!selected) {
    return (
      <aside className="sluice-side" aria-label="Selected node" data-tour="inspector">
        {groupPanel ?? <Help selectedCount={selectedKeys.length} />}
      </aside>
    );
  }
  const key = selected.key;
  const commit = (next: ApiGraph, options: { coalesce?: string; message?: string } = {}) =>
    dispatch({ type: "commit", graph: next, ...options });
  return (
    <aside className="sluice-side" aria-label="Selected node" data-tour="inspector">
      <NodePanel
        node={selected}
        type={typeIndex[selected.type]}
        problems={problems[key] ?? []}
        edges={graph.edges.filter((e) => e.source === key || e.target === key)}
        connectOptions={connectOptions(graph, key, typeIndex, schemas)}
        canEdit={canEdit}
        onLabel={(label) => commit(updateNode(current(), key, { label }), { coalesce: `label:${key}` })}
        onConfig={(config) => {
          const before = current().nodes.find((n) => n.key === key)?.config ?? {};
          if (JSON.stringify(before) === JSON.stringify(config)) return;
          commit(updateNode(current(), key, { config }), { coalesce: `config:${key}` });
        }}
        onNormalise={(config) => dispatch({ type: "normalise", key, config })}
        onConnect={(o) =>
          commit(connect(current(), { source: key, source_port: o.sourcePort, target: o.target, target_port: o.targetPort }), {
            message: `Connected ${key} to ${o.target}.`,
          })
        }
        onRemoveEdge={(e: ApiEdge) => commit(removeElements(current(), [], [edgeId(e)]), { message: `Removed the edge ${e.source} → ${e.target}.` })}
        onDelete={() => commit(removeElements(current(), [key]), { message: `Deleted node ${key}.` })}
      />
    </aside>
  );
}

/** Memoised: a drag or a measurement of the canvas does not re-render the node's form. */
export const SidePanel = memo(SidePanelView);
