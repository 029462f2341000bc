// Groups in the builder: "Group" on the selection, collapse/expand and edit from a group's box, the
// group form in the side panel, and going to a node hidden in a collapsed group (search, node list,
// problems) by expanding that group first. Every change is a commit: one undo step.
import { useCallback, useMemo, useState, type Dispatch } from "react";
import type { FlowEdge, FlowNode } from "../flow/graph";
import type { ApiGraph, ApiGroup } from "../flow/types";
import { collapsedGroupOf, displayGroups, groupNodes, ungroup, updateGroup } from "./groups";
import type { Action, BuilderState } from "./state";

interface Options {
  canEdit: boolean;
  latest: { current: BuilderState | null };
  dispatch: Dispatch<Action>;
  current: () => ApiGraph;
  /** Copy and paste in one step (useEditing): a group's nodes and the group. */
  duplicate: (keys?: string[]) => void;
  selectNode: (key: string) => void;
  nodes: FlowNode[];
  edges: FlowEdge[];
  groups: ApiGroup[];
}

export function useGroups({ canEdit, latest, dispatch, current, duplicate, selectNode, nodes, edges, groups }: Options) {
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const find = (key: string) => (latest.current as BuilderState).groups.find((g) => g.key === key);

  const toggle = useCallback(
    (key: string) => {
      const group = (latest.current as BuilderState).groups.find((g) => g.key === key);
      if (!group) return;
      const collapsed = !group.collapsed;
      const selected = (latest.current as BuilderState).nodes.filter((n) => n.selected && !(collapsed && group.nodes.includes(n.id)));
      dispatch({
        type: "commit",
        graph: updateGroup(current(), key, { collapsed }),
        select: selected.map((n) => n.id),
        message: `${collapsed ? "Collapsed" : "Expanded"} group ${group.label || key}.`,
      });
    },
    [current, dispatch, latest],
  );

  const edit = useCallback(
    (key: string) => {
      dispatch({ type: "select-keys", keys: [] });
      setActiveKey(key);
    },
    [dispatch],
  );

  const groupSelection = useCallback(() => {
    if (!canEdit) return;
    const keys = (latest.current as BuilderState).nodes.filter((n) => n.selected).map((n) => n.id);
    const made = groupNodes(current(), keys);
    if (!made) {
      dispatch({ type: "status", message: "Select the nodes to group first." });
      return;
    }
    const { graph, group } = made;
    dispatch({ type: "commit", graph, select: [], message: `Grouped ${group.nodes.length} node${group.nodes.length === 1 ? "" : "s"} as ${group.label}.` });
    setActiveKey(group.key);
  }, [canEdit, current, dispatch, latest]);

  /** Select and centre a node, expanding the collapsed group that hides it first. */
  const goTo = useCallback(
    (key: string) => {
      const hidden = collapsedGroupOf((latest.current as BuilderState).groups, key);
      if (!hidden) {
        selectNode(key);
        return;
      }
      dispatch({ type: "commit", graph: updateGroup(current(), hidden.key, { collapsed: false }), message: `Expanded group ${hidden.label || hidden.key}.` });
      window.setTimeout(() => selectNode(key), 30);
    },
    [current, dispatch, latest, selectNode],
  );

  const view = useMemo(
    () => displayGroups(nodes, edges, groups, { canEdit, onToggle: toggle, onEdit: edit }),
    [nodes, edges, groups, canEdit, toggle, edit],
  );

  const active = activeKey ? groups.find((g) => g.key === activeKey) ?? null : null;
  const panel = active
    ? {
        group: active,
        canEdit,
        onLabel: (label: string) =>
          dispatch({ type: "commit", graph: updateGroup(current(), active.key, { label }), coalesce: `group-label:${active.key}` }),
        onToggle: () => toggle(active.key),
        onUngroup: () => {
          dispatch({ type: "commit", graph: ungroup(current(), active.key), message: `Ungrouped ${active.label || active.key}.` });
          setActiveKey(null);
        },
        onDuplicate: () => {
          const group = find(active.key);
          if (group) duplicate(group.nodes);
        },
        onSelectMembers: () => {
          const group = find(active.key);
          if (!group) return;
          if (group.collapsed) toggle(group.key);
          window.setTimeout(() => dispatch({ type: "select-keys", keys: group.nodes }), 0);
        },
      }
    : null;

  return { view, panel, groupSelection, goTo, closePanel: () => setActiveKey(null) };
}
