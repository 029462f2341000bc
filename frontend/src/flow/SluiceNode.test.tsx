// The node on the canvas: a warning (validation's not_streaming) is a badge and a message in text, apart
// from the error style of problems.
import { ReactFlowProvider, type NodeProps } from "@xyflow/react";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { FlowNode } from "./graph";
import { portSchemas, SluiceNode } from "./SluiceNode";
import type { Problem, SluiceNodeData } from "./types";

afterEach(cleanup);

const data = (extra: Partial<SluiceNodeData>): SluiceNodeData => ({
  key: "order", type: "transform.sort", label: "", config: {}, family: "transform", title: "Sort",
  inputs: [{ name: "in", multiple: false, required: true, description: "" }], outputs: [{ name: "out", description: "" }],
  ...extra,
});
const draw = (d: SluiceNodeData) =>
  render(
    <ReactFlowProvider>
      <SluiceNode {...({ id: "order", data: d, selected: false } as unknown as NodeProps<FlowNode>)} />
    </ReactFlowProvider>,
  );

describe("SluiceNode", () => {
  it("shows a warning as a badge and its message, described to screen readers, not as a problem", () => {
    const warning: Problem = { node: "order", field: null, code: "not_streaming", message: "order: sort holds the whole input in memory" };
    const { container } = draw(data({ warnings: [warning] }));
    const node = container.querySelector(".sluice-node") as HTMLElement;
    expect(node.classList.contains("has-warnings")).toBe(true);
    expect(node.classList.contains("has-problems")).toBe(false);
    expect(screen.getByText("warning").className).toContain("sluice-node-warning");
    const list = screen.getByRole("list", { name: "Warnings" });
    expect(list.textContent).toBe("Warning: order: sort holds the whole input in memory");
    expect(node.getAttribute("aria-describedby")).toBe(list.id);
  });

  it("describes a node by its problems and its warnings together", () => {
    const problem: Problem = { node: "order", field: "config.keys", code: "schema_error", message: "Unknown column x." };
    const warning: Problem = { node: "order", field: null, code: "not_streaming", message: "order: sort holds the whole input in memory" };
    const { container } = draw(data({ problems: [problem], warnings: [warning, { ...warning, message: "again" }] }));
    const node = container.querySelector(".sluice-node") as HTMLElement;
    expect(node.getAttribute("aria-describedby")).toBe("node-problems-order node-warnings-order");
    expect(screen.getByText("2 warnings")).toBeTruthy();
    expect(screen.getByText("and 1 more")).toBeTruthy();
    expect(node.classList.contains("has-problems")).toBe(true);
  });

  it("shows each edge's schema for an input that takes several edges (keyed in:<port>[i])", () => {
    const schemas = { "in:in[0]": { a: "Int64" }, "in:in[1]": { a: "Int64", b: "String" }, out: { a: "Int64" } };
    const union = data({
      type: "transform.union",
      title: "Union",
      inputs: [{ name: "in", multiple: true, required: true, description: "" }],
      schemas,
    });
    const { container } = draw(union);
    fireEvent.mouseEnter(container.querySelector("[data-port='in:in']") as HTMLElement);
    const tip = screen.getByRole("tooltip");
    expect(tip.textContent).toBe("Input inedge 1aInt64edge 2aInt64bString");
  });

  it("finds a port's schemas by key, one edge's or several", () => {
    expect(portSchemas(undefined, "in:in")).toEqual([]);
    expect(portSchemas({ "in:in": { a: "Int64" } }, "in:in")).toEqual([{ a: "Int64" }]);
    expect(portSchemas({ "in:in[0]": { a: "Int64" }, "in:in[2]": { b: "String" } }, "in:in")).toEqual([{ a: "Int64" }]);
    expect(portSchemas({ out: {} }, "in:in")).toEqual([]);
  });
});
