// The builder at scale: batch operations are one undo step, unchanged nodes keep their objects,
// align/distribute, canvas search, the keyboard connect list's rules, pipeline.call drill-down.
import { describe, expect, it } from "vitest";
import { checkConnection, connectOptions, indexTypes, pasteClipboard, removeElements, toFlow, type FlowNode } from "../flow/graph";
import type { ApiGraph, NodeTypeInfo } from "../flow/types";
import { arrange } from "./arrange";
import { calledPipeline } from "./calls";
import { createDecorator } from "./display";
import { cycle, searchNodes } from "./search";
import { currentGraph, initialState, reducer, type Action, type BuilderState } from "./state";

const t = (key: string, family: string, inputs: string[], outputs: string[]): NodeTypeInfo => ({
  key, family, title: key.split(".")[1], description: "", icon: "",
  inputs: inputs.map((name) => ({ name, multiple: false, required: true, description: "" })),
  outputs: outputs.map((name) => ({ name, description: "" })), dynamic_outputs: false, config_schema: {}, example: null,
});
const TYPES = [t("source.file", "source", [], ["out"]), t("transform.filter", "transform", ["in"], ["out"]), t("transform.join", "transform", ["left", "right"], ["out"])];
const INDEX = indexTypes(TYPES);

/** `chains` chains of source -> filter x (length - 1), laid out in a grid. */
function chains(count: number, length: number): ApiGraph {
  const graph: ApiGraph = { nodes: [], edges: [] };
  for (let c = 0; c < count; c += 1) {
    for (let i = 0; i < length; i += 1) {
      graph.nodes.push({
        key: `c${c}_${i}`,
        type: i === 0 ? "source.file" : "transform.filter",
        config: i === 0 ? { path: `in/${c}.csv` } : { condition: `x > ${i}` },
        position: { x: 260 * i, y: 110 * c },
      });
      if (i > 0) graph.edges.push({ source: `c${c}_${i - 1}`, source_port: "out", target: `c${c}_${i}`, target_port: "in" });
    }
  }
  return graph;
}

const load = (graph: ApiGraph): BuilderState => reducer(initialState, { type: "loaded", types: TYPES, graph, count: graph.nodes.length });
const commit = (graph: ApiGraph, extra: Partial<Extract<Action, { type: "commit" }>> = {}): Action => ({ type: "commit", graph, ...extra });

describe("batch operations are one undo step", () => {
  it("pastes 500 nodes into 2,000 in one step, and undo removes them all", () => {
    const big = chains(100, 20);
    let s = load(big);
    const clip: ApiGraph = { nodes: big.nodes.slice(0, 500), edges: big.edges.filter((e) => e.source < "c25") };
    const started = performance.now();
    const { graph, keys } = pasteClipboard(currentGraph(s), clip);
    s = reducer(s, commit(graph, { select: keys, message: `Pasted ${keys.length} nodes.` }));
    const took = performance.now() - started;
    expect(s.nodes).toHaveLength(2500);
    expect(new Set(keys).size).toBe(500);
    expect(s.nodes.filter((n) => n.selected)).toHaveLength(500);
    expect(s.history.past).toHaveLength(1);
    expect(took).toBeLessThan(2000); // generous: a quadratic paste took seconds here
    const undone = reducer(s, { type: "undo" });
    expect(undone.nodes).toHaveLength(2000);
    expect(currentGraph(undone)).toEqual(currentGraph(load(big)));
    expect(reducer(undone, { type: "redo" }).nodes).toHaveLength(2500);
  });

  it("deletes a selection, lays out and aligns in one step each", () => {
    const g = chains(3, 4);
    let s = load(g);
    s = reducer(s, commit(removeElements(currentGraph(s), ["c0_1", "c1_1", "c2_1"])));
    expect(s.nodes).toHaveLength(9);
    expect(s.edges).toHaveLength(3);
    const laid = currentGraph(s);
    s = reducer(s, commit({ ...laid, nodes: laid.nodes.map((n, i) => ({ ...n, position: { x: i * 10, y: 0 } })) }));
    const aligned = arrange(currentGraph(s), ["c0_0", "c1_0", "c2_0"], "top") as ApiGraph;
    s = reducer(s, commit(aligned));
    expect(s.history.past).toHaveLength(3);
    s = reducer(reducer(reducer(s, { type: "undo" }), { type: "undo" }), { type: "undo" });
    expect(currentGraph(s)).toEqual(currentGraph(load(g)));
  });

  it("keeps the objects of nodes a commit did not touch, and of unchanged selections", () => {
    const s = load(chains(10, 10));
    const graph = currentGraph(s);
    const moved = { ...graph, nodes: graph.nodes.map((n) => (n.key === "c0_0" ? { ...n, position: { x: 5, y: 5 } } : n)) };
    const next = reducer(s, commit(moved));
    const changed = next.nodes.filter((n, i) => n !== s.nodes[i]).map((n) => n.id);
    expect(changed).toEqual(["c0_0"]);
    expect(next.edges.every((e, i) => e === s.edges[i])).toBe(true);
    const selected = reducer(next, { type: "select-keys", keys: ["c1_1", "c2_2"] });
    expect(selected.nodes.filter((n, i) => n !== next.nodes[i]).map((n) => n.id)).toEqual(["c1_1", "c2_2"]);
    expect(reducer(selected, { type: "select", key: "c1_1" }).nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["c1_1"]);
  });

  it("decorates only the nodes that changed", () => {
    const s = load(chains(5, 5));
    const decorate = createDecorator();
    const d = { execution: null, dryRun: null, typeIndex: s.typeIndex, schemas: undefined, problems: {}, canEdit: true };
    const first = decorate(s.nodes, d);
    const nodes = s.nodes.map((n, i) => (i === 3 ? { ...n, position: { x: 1, y: 1 } } : n));
    const second = decorate(nodes, d);
    expect(second.filter((n, i) => n !== first[i]).map((n) => n.id)).toEqual([s.nodes[3].id]);
    const third = decorate(nodes, { ...d, problems: { c0_0: [{ node: "c0_0", field: null, code: "x", message: "Bad." }] } });
    expect(third[0].data.problems).toHaveLength(1);
  });
});

describe("align and distribute", () => {
  const g: ApiGraph = {
    nodes: [
      { key: "a", type: "source.file", position: { x: 0, y: 10 } },
      { key: "b", type: "source.file", position: { x: 100, y: 50 } },
      { key: "c", type: "source.file", position: { x: 700, y: 0 } },
      { key: "d", type: "source.file", position: { x: 5, y: 5 } },
    ],
    edges: [],
  };
  const sizes = { a: { width: 200, height: 80 }, b: { width: 100, height: 40 }, c: { width: 200, height: 80 } };
  const pos = (graph: ApiGraph | null) => Object.fromEntries((graph as ApiGraph).nodes.map((n) => [n.key, n.position]));

  it("aligns edges and centres of the selected nodes only", () => {
    expect(pos(arrange(g, ["a", "b", "c"], "left", sizes))).toMatchObject({ a: { x: 0 }, b: { x: 0 }, c: { x: 0 }, d: { x: 5, y: 5 } });
    expect(pos(arrange(g, ["a", "b", "c"], "right", sizes))).toMatchObject({ a: { x: 700 }, b: { x: 800 }, c: { x: 700 } });
    expect(pos(arrange(g, ["a", "b", "c"], "center", sizes))).toMatchObject({ a: { x: 350 }, b: { x: 400 }, c: { x: 350 } });
    expect(pos(arrange(g, ["a", "b", "c"], "top", sizes))).toMatchObject({ a: { y: 0 }, b: { y: 0 }, c: { y: 0 } });
    expect(pos(arrange(g, ["a", "b", "c"], "bottom", sizes))).toMatchObject({ a: { y: 10 }, b: { y: 50 }, c: { y: 10 } });
    expect(pos(arrange(g, ["a", "b"], "middle", sizes))).toMatchObject({ a: { y: 10 }, b: { y: 30 } });
  });

  it("distributes with equal gaps, keeping the ends, and needs three nodes", () => {
    const out = pos(arrange(g, ["a", "b", "c"], "horizontal", sizes));
    // span 0..900, nodes 500 wide: two gaps of 200.
    expect(out).toMatchObject({ a: { x: 0, y: 10 }, b: { x: 400, y: 50 }, c: { x: 700, y: 0 } });
    // Nodes taller than the span overlap evenly (negative gaps): c 0..80, a 25..105, b 50..90.
    expect(pos(arrange(g, ["a", "b", "c"], "vertical", sizes))).toMatchObject({ c: { y: 0 }, a: { y: 25 }, b: { y: 50 } });
    expect(arrange(g, ["a", "b"], "horizontal", sizes)).toBeNull();
    expect(arrange(g, ["a"], "left", sizes)).toBeNull();
  });
});

describe("canvas search", () => {
  const nodes: FlowNode[] = toFlow(
    {
      nodes: [
        { key: "orders", type: "source.file", label: "Orders CSV", config: { path: "sales/orders.csv" }, position: { x: 0, y: 100 } },
        { key: "big", type: "transform.filter", config: { condition: "amount > 100" }, position: { x: 300, y: 0 } },
        { key: "small", type: "transform.filter", config: { condition: "amount <= 100" }, position: { x: 0, y: 0 } },
      ],
      edges: [],
    },
    INDEX,
  ).nodes;

  it("finds by key, label, type and config text, in canvas order", () => {
    expect(searchNodes(nodes, "big")).toEqual([{ key: "big", field: "key" }]);
    expect(searchNodes(nodes, "orders csv")).toEqual([{ key: "orders", field: "label" }]);
    expect(searchNodes(nodes, "amount <= 100")).toEqual([{ key: "small", field: "config" }]);
    expect(searchNodes(nodes, "FILTER").map((m) => m.key)).toEqual(["small", "big"]);
    expect(searchNodes(nodes, "amount >")).toEqual([{ key: "big", field: "config" }]);
    expect(searchNodes(nodes, "sales/orders")[0].field).toBe("config");
    expect(searchNodes(nodes, "  ")).toEqual([]);
    expect(searchNodes(nodes, "nothing-like-this")).toEqual([]);
  });

  it("cycles through matches both ways", () => {
    expect(cycle(-1, 3, 1)).toBe(0);
    expect(cycle(2, 3, 1)).toBe(0);
    expect(cycle(0, 3, -1)).toBe(2);
    expect(cycle(-1, 3, -1)).toBe(2);
    expect(cycle(-1, 0, 1)).toBe(-1);
  });

  it("searches 2,000 nodes quickly", () => {
    const many = toFlow(chains(100, 20), INDEX).nodes;
    const started = performance.now();
    expect(searchNodes(many, "c99_19")).toHaveLength(1);
    expect(searchNodes(many, "in/42.csv")).toEqual([{ key: "c42_0", field: "config" }]);
    expect(searchNodes(many, "filter")).toHaveLength(1900);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("the keyboard connect list", () => {
  it("follows checkConnection's rules for every target", () => {
    const g = chains(3, 4);
    g.nodes.push({ key: "j", type: "transform.join", position: { x: 0, y: 0 } });
    g.edges.push({ source: "c1_3", source_port: "out", target: "j", target_port: "left" });
    for (const source of ["c0_0", "c0_2", "c1_3", "j"]) {
      const listed = connectOptions(g, source, INDEX).map((o) => `${o.sourcePort}>${o.target}:${o.targetPort}`);
      const expected: string[] = [];
      for (const target of g.nodes) {
        for (const port of INDEX[target.type].inputs) {
          if (checkConnection(g, { source, target: target.key, sourcePort: "out", targetPort: port.name }, INDEX).ok) {
            expected.push(`out>${target.key}:${port.name}`);
          }
        }
      }
      expect(listed).toEqual(expected);
    }
    // Upstream nodes (a cycle) and filled single inputs are not offered.
    const fromEnd = connectOptions(g, "c0_3", INDEX).map((o) => o.target);
    expect(fromEnd).not.toContain("c0_0");
    expect(fromEnd).not.toContain("c1_1");
    expect(fromEnd).toContain("j");
  });
});

describe("pipeline.call drill-down", () => {
  it("links to the called pipeline's builder", () => {
    expect(calledPipeline("pipeline.call", { pipeline: 7, version: 3 })).toEqual({ id: 7, version: 3, href: "/pipelines/7/builder/" });
    expect(calledPipeline("pipeline.call", { pipeline: 7, version: null })?.version).toBeNull();
    expect(calledPipeline("pipeline.call", { pipeline: "7/../../admin" })).toBeNull();
    expect(calledPipeline("pipeline.call", { pipeline: -1 })).toBeNull();
    expect(calledPipeline("pipeline.call", {})).toBeNull();
    expect(calledPipeline("transform.filter", { pipeline: 7 })).toBeNull();
  });
});
