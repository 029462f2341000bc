// Canvas groups: grouping, ungrouping and collapsing are commits (undoable), groups follow deleted
// nodes, and the collapsed display hides members and redraws crossing edges to the group's box.
import { describe, expect, it } from "vitest";
import { copySelection, indexTypes, pasteClipboard, removeElements, toFlow } from "../flow/graph";
import type { ApiGraph, NodeTypeInfo } from "../flow/types";
import {
  collapsedGroupOf,
  displayGroups,
  groupDragPositions,
  groupNodes,
  pruneGroups,
  startGroupDrag,
  ungroup,
  updateGroup,
} from "./groups";
import { currentGraph, initialState, reducer, type BuilderState } from "./state";

const T: NodeTypeInfo = {
  key: "transform.filter", family: "transform", title: "Filter", description: "", icon: "",
  inputs: [{ name: "in", multiple: false, required: true, description: "" }], outputs: [{ name: "out", description: "" }],
  dynamic_outputs: false, config_schema: {}, example: null,
};
const G: ApiGraph = {
  nodes: ["a", "b", "c", "d"].map((key, i) => ({ key, type: "transform.filter", config: {}, position: { x: 300 * i, y: 0 } })),
  edges: [
    { source: "a", source_port: "out", target: "b", target_port: "in" },
    { source: "b", source_port: "out", target: "c", target_port: "in" },
    { source: "c", source_port: "out", target: "d", target_port: "in" },
  ],
};
const load = (graph: ApiGraph): BuilderState => reducer(initialState, { type: "loaded", types: [T], graph, count: graph.nodes.length });
const handlers = { canEdit: true, onToggle: () => undefined, onEdit: () => undefined };

describe("groups", () => {
  it("groups nodes, renames, collapses and ungroups, each one undo step", () => {
    let s = load(G);
    const made = groupNodes(currentGraph(s), ["b", "c", "nope"]);
    expect(made?.group).toEqual({ key: "group_1", label: "Group 1", nodes: ["b", "c"], collapsed: false });
    s = reducer(s, { type: "commit", graph: (made as { graph: ApiGraph }).graph });
    expect(currentGraph(s).groups).toEqual([made?.group]);
    s = reducer(s, { type: "commit", graph: updateGroup(currentGraph(s), "group_1", { label: "Middle", collapsed: true }) });
    expect(s.groups[0]).toMatchObject({ label: "Middle", collapsed: true });
    expect(collapsedGroupOf(s.groups, "b")?.key).toBe("group_1");
    s = reducer(s, { type: "commit", graph: ungroup(currentGraph(s), "group_1") });
    expect(currentGraph(s).groups).toBeUndefined();
    expect(s.history.past).toHaveLength(3);
    s = reducer(s, { type: "undo" });
    expect(s.groups[0].label).toBe("Middle");
    s = reducer(reducer(s, { type: "undo" }), { type: "undo" });
    expect(s.groups).toEqual([]);
    expect(currentGraph(s)).toEqual(currentGraph(load(G)));
  });

  it("moves nodes out of their old group, and loads groups from the server", () => {
    const first = groupNodes(G, ["a", "b"])?.graph as ApiGraph;
    const second = groupNodes(first, ["b", "c"])?.graph as ApiGraph;
    expect(second.groups?.map((g) => [g.key, g.nodes])).toEqual([["group_1", ["a"]], ["group_2", ["b", "c"]]]);
    const s = load(second);
    expect(s.groups).toHaveLength(2);
    expect(JSON.parse(s.savedGraph).groups).toHaveLength(2);
  });

  it("follows deleted nodes: members go, an empty group goes", () => {
    const grouped = groupNodes(G, ["b", "c"])?.graph as ApiGraph;
    let s = load(grouped);
    s = reducer(s, { type: "commit", graph: removeElements(currentGraph(s), ["b"]) });
    expect(currentGraph(s).groups?.[0].nodes).toEqual(["c"]);
    s = reducer(s, { type: "commit", graph: removeElements(currentGraph(s), ["c"]) });
    expect(currentGraph(s).groups).toBeUndefined();
    expect(pruneGroups([{ key: "g", nodes: ["x"] }], new Set(["y"]))).toEqual([]);
  });

  it("draws a collapsed group as one box with the crossing edges, members hidden", () => {
    const graph = updateGroup(groupNodes(G, ["b", "c"])?.graph as ApiGraph, "group_1", { collapsed: true });
    const flow = toFlow(graph, indexTypes([T]));
    const view = displayGroups(flow.nodes, flow.edges, graph.groups ?? [], handlers);
    const box = view.nodes.find((n) => n.id === "group:group_1");
    expect(box).toMatchObject({ type: "sluiceGroup", position: { x: 300, y: 0 }, data: { count: 2, collapsed: true } });
    expect(view.nodes.filter((n) => n.hidden).map((n) => n.id)).toEqual(["b", "c"]);
    expect(view.edges.map((e) => [e.source, e.target, e.sourceHandle, e.targetHandle])).toEqual([
      ["a", "group:group_1", "out", "in"],
      ["group:group_1", "d", "out", "in"],
    ]);
    // Expanded: a box behind the members, every edge as it is.
    const open = updateGroup(graph, "group_1", { collapsed: false });
    const expanded = displayGroups(flow.nodes, flow.edges, open.groups ?? [], handlers);
    expect(expanded.edges).toBe(flow.edges);
    expect(expanded.nodes.some((n) => n.hidden)).toBe(false);
    expect(expanded.nodes[0]).toMatchObject({ id: "group:group_1", width: 300 + 220 + 48 });
  });

  it("drags a group's box (expanded or collapsed): its nodes move with it, one undo step", () => {
    for (const collapsed of [false, true]) {
      const graph = updateGroup(groupNodes(G, ["b", "c"])?.graph as ApiGraph, "group_1", { collapsed });
      let s = load(graph);
      const view = displayGroups(s.nodes, s.edges, s.groups, handlers);
      const box = view.nodes.find((n) => n.id === "group:group_1") as { id: string; position: { x: number; y: number } };
      expect(view.nodes[0]).toMatchObject({ id: "group:group_1", draggable: true });
      expect(startGroupDrag(s.groups, s.nodes, { id: "b", position: { x: 0, y: 0 } })).toBeNull();
      const drag = startGroupDrag(s.groups, s.nodes, box);
      expect(drag && [...drag.start.keys()]).toEqual(["b", "c"]);
      const past = s.history.past.length;
      // Two drag frames, then the drop at +100.4, +50.
      for (const dx of [10, 60]) {
        s = reducer(s, { type: "move-nodes", positions: groupDragPositions(drag!, { x: box.position.x + dx, y: box.position.y + 5 }) });
      }
      expect(s.nodes.filter((n) => n.dragging).map((n) => n.id)).toEqual(["b", "c"]);
      const moved = groupDragPositions(drag!, { x: box.position.x + 100.4, y: box.position.y + 50 });
      s = reducer(s, { type: "drag-stop", moved, message: "Moved group Group 1 (2 nodes)." });
      expect(s.nodes.some((n) => n.dragging)).toBe(false);
      const positions = Object.fromEntries(currentGraph(s).nodes.map((n) => [n.key, n.position]));
      expect(positions).toEqual({ a: { x: 0, y: 0 }, b: { x: 400, y: 50 }, c: { x: 700, y: 50 }, d: { x: 900, y: 0 } });
      expect(s.history.past).toHaveLength(past + 1);
      expect(s.status).toBe("Moved group Group 1 (2 nodes).");
      // The box is drawn where its nodes went.
      const after = displayGroups(s.nodes, s.edges, s.groups, handlers).nodes[0];
      expect(after.position).toEqual({ x: box.position.x + 100, y: box.position.y + 50 });
      s = reducer(s, { type: "undo" });
      expect(currentGraph(s)).toEqual(currentGraph(load(graph)));
    }
    // Read-only: the box does not drag.
    const grouped = groupNodes(G, ["b"])?.graph as ApiGraph;
    const s = load(grouped);
    expect(displayGroups(s.nodes, s.edges, s.groups, { ...handlers, canEdit: false }).nodes[0].draggable).toBe(false);
  });

  it("copies a whole group: the paste is a new group of the copies, labelled with ' copy', one undo step", () => {
    const grouped = updateGroup(groupNodes(G, ["b", "c"], "Middle")?.graph as ApiGraph, "group_1", { collapsed: true });
    let s = load(groupNodes(grouped, ["d"])?.graph as ApiGraph); // group_2 holds d
    const clip = copySelection(currentGraph(s), ["a", "b", "c"]);
    // group_1 is copied (all its nodes are), group_2 is not (d is not chosen).
    expect(clip?.groups?.map((g) => g.key)).toEqual(["group_1"]);
    const { graph, keys, groups } = pasteClipboard(currentGraph(s), clip as ApiGraph);
    expect(keys).toEqual(["filter_1", "filter_2", "filter_3"]);
    expect(groups).toEqual(["group_3"]);
    expect(graph.groups).toEqual([
      { key: "group_1", label: "Middle", nodes: ["b", "c"], collapsed: true },
      { key: "group_2", label: "Group 2", nodes: ["d"], collapsed: false },
      { key: "group_3", label: "Middle copy", nodes: ["filter_2", "filter_3"], collapsed: true },
    ]);
    const past = s.history.past.length;
    s = reducer(s, { type: "commit", graph, select: keys });
    expect(s.history.past).toHaveLength(past + 1);
    expect(s.groups.map((g) => g.key)).toEqual(["group_1", "group_2", "group_3"]);
    // Pasting the same clipboard again makes yet another group, with a key of its own.
    const again = pasteClipboard(currentGraph(s), clip as ApiGraph);
    expect(again.graph.groups?.map((g) => [g.key, g.label])).toContainEqual(["group_4", "Middle copy"]);
    s = reducer(s, { type: "undo" });
    expect(s.groups.map((g) => g.key)).toEqual(["group_1", "group_2"]);
    // A node copied without the rest of its group pastes outside any group.
    const part = pasteClipboard(currentGraph(s), copySelection(currentGraph(s), ["b"]) as ApiGraph);
    expect(part.groups).toEqual([]);
    expect(part.graph.groups?.flatMap((g) => g.nodes)).not.toContain(part.keys[0]);
    // A long label stays within the server's 200 characters.
    const long = groupNodes(G, ["a"], "x".repeat(200))?.graph as ApiGraph;
    const copied = pasteClipboard(long, copySelection(long, ["a"]) as ApiGraph).graph.groups?.[1];
    expect(copied?.label).toHaveLength(200);
    expect(copied?.label?.endsWith(" copy")).toBe(true);
  });
});
