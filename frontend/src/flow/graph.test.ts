import { describe, expect, it } from "vitest";
import {
  addNode,
  checkConnection,
  connect,
  connectOptions,
  copySelection,
  defaultConfig,
  edgeId,
  fromFlow,
  hasCycle,
  indexTypes,
  nextKey,
  pasteClipboard,
  removeElements,
  semanticKey,
  toFlow,
} from "./graph";
import { outputPorts } from "./ports";
import { fieldErrorsToProblems, nodeOfField } from "./problems";
import type { ApiGraph, NodeTypeInfo } from "./types";

function type(key: string, family: string, inputs: Array<[string, boolean]>, outputs: string[], extra: Partial<NodeTypeInfo> = {}): NodeTypeInfo {
  return {
    key,
    family,
    title: key,
    description: "",
    icon: "",
    inputs: inputs.map(([name, multiple]) => ({ name, multiple, required: true, description: "" })),
    outputs: outputs.map((name) => ({ name, description: "" })),
    dynamic_outputs: false,
    config_schema: { type: "object", properties: {} },
    example: null,
    ...extra,
  };
}

const TYPES = indexTypes([
  type("source.file", "source", [], ["out"], {
    config_schema: { properties: { path: { type: "string" }, format: { type: "string", default: "auto" }, sheet: { default: null } } },
  }),
  type("transform.filter", "transform", [["in", false]], ["out"]),
  type("transform.union", "transform", [["in", true]], ["out"]),
  type("transform.join", "transform", [["left", false], ["right", false]], ["out"]),
  type("transform.branch", "transform", [["in", false]], ["default"], { dynamic_outputs: true }),
  type("destination.file", "destination", [["in", false]], []),
]);

const GRAPH: ApiGraph = {
  nodes: [
    { key: "src", type: "source.file", config: { path: "a.csv" }, position: { x: 0, y: 0 } },
    { key: "f", type: "transform.filter", config: { condition: "x > 1" }, position: { x: 200, y: 0 } },
    { key: "out", type: "destination.file", config: {}, position: { x: 400, y: 0 }, label: "Load" },
  ],
  edges: [
    { source: "src", source_port: "out", target: "f", target_port: "in" },
    { source: "f", source_port: "out", target: "out", target_port: "in" },
  ],
};

describe("API <-> React Flow", () => {
  it("round-trips a graph, with ports as handles", () => {
    const flow = toFlow(GRAPH, TYPES);
    expect(flow.nodes.map((n) => n.id)).toEqual(["src", "f", "out"]);
    expect(flow.nodes[2].data.label).toBe("Load");
    expect(flow.nodes[1].data.inputs.map((p) => p.name)).toEqual(["in"]);
    expect(flow.edges[0]).toMatchObject({ source: "src", target: "f", sourceHandle: "out", targetHandle: "in", id: "src:out->f:in" });
    expect(fromFlow(flow.nodes, flow.edges)).toEqual(GRAPH);
  });

  it("defaults missing ports and positions", () => {
    const flow = toFlow({ nodes: [{ key: "a", type: "source.file" }, { key: "b", type: "nope.unknown" }], edges: [{ source: "a", target: "b" }] }, TYPES);
    expect(flow.nodes[1].position).toEqual({ x: 0, y: 120 });
    expect(flow.nodes[1].data.title).toBe("nope.unknown");
    expect(flow.edges[0].id).toBe("a:out->b:in");
  });

  it("ignores positions in the semantic key", () => {
    const moved = { ...GRAPH, nodes: GRAPH.nodes.map((n) => ({ ...n, position: { x: 9, y: 9 } })) };
    expect(semanticKey(moved)).toBe(semanticKey(GRAPH));
    const changed = { ...GRAPH, nodes: GRAPH.nodes.map((n) => (n.key === "f" ? { ...n, config: { condition: "x > 2" } } : n)) };
    expect(semanticKey(changed)).not.toBe(semanticKey(GRAPH));
  });
});

describe("connection rules", () => {
  const g: ApiGraph = {
    nodes: [
      { key: "a", type: "source.file" },
      { key: "b", type: "source.file" },
      { key: "f", type: "transform.filter" },
      { key: "u", type: "transform.union" },
      { key: "j", type: "transform.join" },
      { key: "d", type: "destination.file" },
    ],
    edges: [{ source: "a", target: "f" }],
  };

  it("accepts a free single input, and several edges into a multiple input", () => {
    expect(checkConnection(g, { source: "f", target: "d" }, TYPES)).toEqual({ ok: true });
    const withOne = connect(g, { source: "a", target: "u" });
    expect(checkConnection(withOne, { source: "b", target: "u" }, TYPES)).toEqual({ ok: true });
  });

  it("refuses a second edge into a single input", () => {
    const verdict = checkConnection(g, { source: "b", target: "f" }, TYPES);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.reason).toMatch(/single edge/);
  });

  it("refuses unknown ports, inputs into sources, self-loops and twins", () => {
    expect(checkConnection(g, { source: "a", target: "j", targetPort: "middle" }, TYPES).ok).toBe(false);
    expect(checkConnection(g, { source: "a", target: "j", targetPort: "left" }, TYPES).ok).toBe(true);
    expect(checkConnection(g, { source: "f", target: "b" }, TYPES)).toEqual({ ok: false, reason: "b takes no input." });
    expect(checkConnection(g, { source: "f", target: "f" }, TYPES).ok).toBe(false);
    expect(checkConnection(g, { source: "d", target: "f", sourcePort: "out" }, TYPES).ok).toBe(false);
    const u = connect(g, { source: "a", target: "u" });
    expect(checkConnection(u, { source: "a", target: "u" }, TYPES)).toEqual({ ok: false, reason: "These ports are already connected." });
  });

  it("refuses cycles", () => {
    const chain = connect(connect(g, { source: "f", target: "u" }), { source: "u", target: "j", target_port: "left" });
    expect(hasCycle(chain)).toBe(false);
    const verdict = checkConnection(chain, { source: "j", target: "u" }, TYPES);
    expect(verdict).toEqual({ ok: false, reason: "Connecting j to u would make a cycle." });
    expect(hasCycle(connect(chain, { source: "j", target: "u" }))).toBe(true);
  });

  it("lists the keyboard connect options of a node", () => {
    const options = connectOptions(g, "f", TYPES);
    expect(options.map((o) => `${o.target}:${o.targetPort}`)).toEqual(["u:in", "j:left", "j:right", "d:in"]);
    expect(options.find((o) => o.target === "j" && o.targetPort === "right")?.label).toBe("j (right)");
  });

  it("takes a branch's output ports from its config and from validation", () => {
    const branch = TYPES["transform.branch"];
    expect(outputPorts(branch, { routes: [{ port: "big" }, { port: "small" }] }).map((p) => p.name)).toEqual([
      "big",
      "small",
      "default",
    ]);
    expect(outputPorts(branch, { routes: [{ port: "big" }], default_port: "rest" }).map((p) => p.name)).toEqual(["big", "rest"]);
    expect(outputPorts(branch, {}, { br: { "in:in": {}, big: {}, default: {} } }, "br").map((p) => p.name)).toEqual([
      "default",
      "big",
    ]);
    const g2: ApiGraph = {
      nodes: [
        { key: "br", type: "transform.branch", config: { routes: [{ port: "big" }] } },
        { key: "d", type: "destination.file" },
      ],
      edges: [],
    };
    expect(checkConnection(g2, { source: "br", target: "d", sourcePort: "big" }, TYPES).ok).toBe(true);
    expect(checkConnection(g2, { source: "br", target: "d", sourcePort: "nope" }, TYPES).ok).toBe(false);
  });
});

describe("editing", () => {
  it("makes fresh keys", () => {
    expect(nextKey("transform.filter", [])).toBe("filter_1");
    expect(nextKey("transform.filter", ["filter_1", "filter_3"])).toBe("filter_2");
    expect(nextKey("e2e.9numbers", [])).toBe("numbers_1");
  });

  it("adds a node with its schema's defaults", () => {
    expect(defaultConfig(TYPES["source.file"])).toEqual({ format: "auto" });
    const { graph, key } = addNode(GRAPH, TYPES["transform.filter"], { x: 5, y: 6 });
    expect(key).toBe("filter_1");
    expect(graph.nodes.at(-1)).toEqual({ key: "filter_1", type: "transform.filter", config: {}, position: { x: 5, y: 6 } });
    expect(GRAPH.nodes).toHaveLength(3);
  });

  it("removes nodes with their edges, and single edges", () => {
    expect(removeElements(GRAPH, ["f"])).toEqual({ nodes: [GRAPH.nodes[0], GRAPH.nodes[2]], edges: [] });
    const withoutEdge = removeElements(GRAPH, [], [edgeId(GRAPH.edges[1])]);
    expect(withoutEdge.nodes).toHaveLength(3);
    expect(withoutEdge.edges).toEqual([GRAPH.edges[0]]);
  });

  it("copies the selection with its inner edges and pastes it under fresh keys", () => {
    const clip = copySelection(GRAPH, ["src", "f"]);
    expect(clip?.nodes.map((n) => n.key)).toEqual(["src", "f"]);
    expect(clip?.edges).toEqual([GRAPH.edges[0]]);
    expect(copySelection(GRAPH, [])).toBeNull();
    const { graph, keys } = pasteClipboard(GRAPH, clip as ApiGraph);
    expect(keys).toEqual(["file_1", "filter_1"]);
    expect(graph.nodes.at(-1)).toMatchObject({ key: "filter_1", config: { condition: "x > 1" }, position: { x: 240, y: 40 } });
    expect(graph.edges.at(-1)).toEqual({ source: "file_1", source_port: "out", target: "filter_1", target_port: "in" });
    // The clipboard is a copy: editing the graph does not change it.
    (graph.nodes.at(-1)?.config as Record<string, unknown>).condition = "changed";
    expect(clip?.nodes[1].config).toEqual({ condition: "x > 1" });
  });

  it("maps a server field path to its node", () => {
    expect(nodeOfField(GRAPH, "nodes.1.config.condition")).toBe("f");
    expect(nodeOfField(GRAPH, "graph.nodes[2].key")).toBe("out");
    expect(nodeOfField(GRAPH, "edges.0.target")).toBe("f");
    expect(nodeOfField(GRAPH, "name")).toBeNull();
  });
});

describe("server field errors", () => {
  it("become problems on the nodes and fields they name", () => {
    expect(
      fieldErrorsToProblems(
        { "graph.nodes.1.config.condition": ["Bad."], "nodes[2].key": ["Taken."], graph: ["Not valid."] },
        GRAPH,
      ),
    ).toEqual([
      { node: "f", field: "config.condition", code: "server", message: "Bad." },
      { node: "out", field: "key", code: "server", message: "Taken." },
      { node: null, field: "graph", code: "server", message: "Not valid." },
    ]);
  });
});
