// A canvas group: a named box behind its nodes with a collapse toggle, or (collapsed) one summary box
// in their place, with the handles the edges crossing its border are drawn to. Its buttons work with
// the keyboard; the side panel's group form (GroupPanel) renames and ungroups it.
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { memo, useEffect } from "react";
import type { ApiGroup } from "../flow/types";
import type { GroupFlowNode } from "./groups";

function GroupNodeView({ id, data }: NodeProps<GroupFlowNode>) {
  const { key, label, count, collapsed } = data;
  // The handles come and go with ``collapsed``: React Flow measures a node's handles only when told (or when
  // its size happens to be observed after they mount), and draws no edge to a handle it has not measured.
  const updateNodeInternals = useUpdateNodeInternals();
  useEffect(() => updateNodeInternals(id), [id, collapsed, updateNodeInternals]);
  return (
    <div className={`sluice-group ${collapsed ? "is-collapsed" : ""}`} data-group-key={key} role="group" aria-label={`Group ${label}, ${count} node${count === 1 ? "" : "s"}${collapsed ? ", collapsed" : ""}`}>
      <div className="sluice-group-header">
        <button
          type="button"
          className="btn btn-sm btn-link p-0 nodrag nopan sluice-group-toggle"
          aria-expanded={!collapsed}
          aria-label={`${collapsed ? "Expand" : "Collapse"} group ${label}`}
          onClick={() => data.onToggle(key)}
        >
          {collapsed ? "▸" : "▾"}
        </button>
        <span className="sluice-group-label">{label}</span>
        <span className="sluice-group-count">
          {count} node{count === 1 ? "" : "s"}
        </span>
        <button type="button" className="btn btn-sm btn-link p-0 ms-auto nodrag nopan" aria-label={`Edit group ${label}`} onClick={() => data.onEdit(key)}>
          Edit
        </button>
      </div>
      {collapsed ? (
        <>
          <Handle type="target" position={Position.Left} id="in" isConnectable={false} />
          <Handle type="source" position={Position.Right} id="out" isConnectable={false} />
        </>
      ) : null}
    </div>
  );
}

export const GroupNode = memo(GroupNodeView);

interface PanelProps {
  group: ApiGroup;
  canEdit: boolean;
  onLabel: (label: string) => void;
  onToggle: () => void;
  onUngroup: () => void;
  onSelectMembers: () => void;
  /** A copy of the group's nodes in a new group ("<label> copy"). */
  onDuplicate: () => void;
}

/** The side panel of a group: its name, collapse, the nodes in it, ungroup. */
export function GroupPanel({ group, canEdit, onLabel, onToggle, onUngroup, onSelectMembers, onDuplicate }: PanelProps) {
  return (
    <section className="sluice-group-panel" aria-labelledby="group-panel-title">
      <h2 id="group-panel-title" className="h6 mb-1">
        Group <code>{group.key}</code>
      </h2>
      <p className="small text-body-secondary mb-2">A box around nodes on the canvas; it does not change what runs.</p>
      <label htmlFor="group-label" className="form-label small mb-1">
        Group name
      </label>
      <input
        id="group-label"
        className="form-control form-control-sm mb-2"
        value={group.label ?? ""}
        maxLength={200}
        disabled={!canEdit}
        onChange={(e) => onLabel(e.target.value)}
      />
      <div className="d-flex flex-wrap gap-1 mb-2">
        <button type="button" className="btn btn-sm btn-outline-secondary" aria-expanded={!group.collapsed} onClick={onToggle}>
          {group.collapsed ? "Expand" : "Collapse"}
        </button>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onSelectMembers}>
          Select its nodes
        </button>
        {canEdit ? (
          <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onDuplicate}>
            Duplicate group
          </button>
        ) : null}
        {canEdit ? (
          <button type="button" className="btn btn-sm btn-outline-danger" onClick={onUngroup}>
            Ungroup
          </button>
        ) : null}
      </div>
      <h3 className="h6">Nodes ({group.nodes.length})</h3>
      <ul className="small mb-0 ps-3 sluice-group-members">
        {group.nodes.map((k) => (
          <li key={k}>
            <code>{k}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
