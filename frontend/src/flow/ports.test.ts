// pipeline.call shows one port per mapping: an input per mapped source of the called pipeline, an
// output per mapped node; without mappings, the type's own ports. Connections follow the same ports.
import { describe, expect, it } from "vitest";
import { checkConnection, indexTypes, toFlow } from "./graph";
import { inputPorts, outputPorts } from "./ports";
import type { ApiGraph, NodeTypeInfo } from "./types";

const CALL: NodeTypeInfo = {
  key: "pipeline.call", family: "transform", title: "Call pipeline", description: "", icon: "",
  inputs: [{ name: "in", multiple: false, required: true, description: "" }],
  outputs: [{ name: "out", description: "" }], dynamic_outputs: true, config_schema: {}, example: null,
};
const SOURCE: NodeTypeInfo = { ...CALL, key: "source.file", family: "source", inputs: [], dynamic_outputs: false };
const TYPES = indexTypes([CALL, SOURCE]);

describe("pipeline.call ports", () => {
  const config = { pipeline: 3, inputs: { orders: "orders_csv", customers: "customers_csv" }, outputs: { big: "big_orders", all: "joined" } };

  it("has one input port per mapped input and one output port per mapped output", () => {
    expect(inputPorts(CALL, config).map((p) => p.name)).toEqual(["orders", "customers"]);
    expect(inputPorts(CALL, config)[0].description).toContain('"orders_csv"');
    expect(outputPorts(CALL, config).map((p) => p.name)).toEqual(["big", "all"]);
    const { nodes } = toFlow({ nodes: [{ key: "call", type: "pipeline.call", config }], edges: [] }, TYPES);
    expect(nodes[0].data.inputs.map((p) => p.name)).toEqual(["orders", "customers"]);
  });

  it("keeps the type's ports without a mapping, or with a mapping that is not an object", () => {
    for (const bad of [{}, { inputs: null, outputs: [] }, { inputs: ["a"], outputs: "x" }, { inputs: {} }]) {
      expect(inputPorts(CALL, bad as Record<string, unknown>).map((p) => p.name)).toEqual(["in"]);
      expect(outputPorts(CALL, bad as Record<string, unknown>).map((p) => p.name)).toEqual(["out"]);
    }
  });

  it("only for pipeline.call: another type's config naming inputs changes nothing", () => {
    expect(inputPorts(SOURCE, { inputs: { x: "y" } })).toEqual([]);
  });

  it("takes connections on its mapped ports only", () => {
    const graph: ApiGraph = {
      nodes: [
        { key: "src", type: "source.file", config: {} },
        { key: "call", type: "pipeline.call", config },
      ],
      edges: [],
    };
    expect(checkConnection(graph, { source: "src", target: "call", sourcePort: "out", targetPort: "customers" }, TYPES).ok).toBe(true);
    expect(checkConnection(graph, { source: "src", target: "call", sourcePort: "out", targetPort: "in" }, TYPES).ok).toBe(false);
  });
});
