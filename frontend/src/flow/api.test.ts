import { describe, expect, it } from "vitest";
import { flattenErrors } from "./api";

describe("flattenErrors", () => {
  it("turns DRF bodies into dotted paths", () => {
    expect(flattenErrors({ "nodes.0.key": ["Duplicate."], graph: { edges: [{ target: ["No node x."] }] } })).toEqual({
      "nodes.0.key": ["Duplicate."],
      "graph.edges.0.target": ["No node x."],
    });
    expect(flattenErrors({ detail: "Not allowed." })).toEqual({ non_field_errors: ["Not allowed."] });
    expect(flattenErrors({ graph: ["a", "b"] })).toEqual({ graph: ["a", "b"] });
  });
});
