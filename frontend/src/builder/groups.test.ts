// Canvas groups: grouping, ungrouping and collapsing are commits (undoable), groups follow deleted
// nodes, and the collapsed display hides members and redraws crossing edges to the group's box.
import { describe, expect, it } from "vitest";
import { indexTypes, removeElements, toFlow } from "../flow/graph";
import type { ApiGraph, NodeTypeInfo } from "../flow/types";
import { collapsedGroupOf, displayGroups, groupNodes, pruneGroups, ungroup, updateGroup } from "./groups";
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
});
