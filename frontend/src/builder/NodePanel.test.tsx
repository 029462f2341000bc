import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectOption } from "../flow/graph";
import type { ApiNode, NodeTypeInfo } from "../flow/types";
import { NodePanel } from "./NodePanel";

afterEach(cleanup);

const FILTER: NodeTypeInfo = {
  key: "transform.filter",
  family: "transform",
  title: "Filter",
  description: "Keeps the rows that match.",
  icon: "",
  inputs: [{ name: "in", multiple: false, required: true, description: "" }],
  outputs: [{ name: "out", description: "" }],
  dynamic_outputs: false,
  config_schema: {
    title: "FilterConfig",
    type: "object",
    properties: { condition: { type: "string", title: "Condition" } },
  },
  example: null,
};
const NODE: ApiNode = { key: "f", type: "transform.filter", label: "", config: { condition: "x > 1" } };
const OPTION: ConnectOption = { target: "out", targetPort: "in", sourcePort: "out", label: "out (in)" };

function panel(overrides: Partial<Parameters<typeof NodePanel>[0]> = {}) {
  const handlers = {
    onLabel: vi.fn(),
    onConfig: vi.fn(),
    onNormalise: vi.fn(),
    onConnect: vi.fn(),
    onRemoveEdge: vi.fn(),
    onDelete: vi.fn(),
  };
  render(
    <NodePanel
      node={NODE}
      type={FILTER}
      problems={[]}
      edges={[{ source: "src", source_port: "out", target: "f", target_port: "in" }]}
      connectOptions={[OPTION]}
      canEdit
      {...handlers}
      {...overrides}
    />,
  );
  return handlers;
}

describe("NodePanel", () => {
  it("names the node and its type, with its config form under our own heading", () => {
    panel();
    expect(screen.getByRole("heading", { name: "Node f" })).toBeTruthy();
    expect(screen.getByText("Filter (transform.filter)")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Configuration" })).toBeTruthy();
    expect(screen.queryByText("FilterConfig")).toBeNull();
    expect((screen.getByLabelText("Condition") as HTMLInputElement).value).toBe("x > 1");
  });

  it("sends label edits, and config edits once the user touched the form", () => {
    const handlers = panel();
    fireEvent.change(screen.getByLabelText("Label"), { target: { value: "Big ones" } });
    expect(handlers.onLabel).toHaveBeenCalledWith("Big ones");
    const condition = screen.getByLabelText("Condition");
    fireEvent.keyDown(condition, { key: "2" });
    fireEvent.change(condition, { target: { value: "x > 2" } });
    expect(handlers.onConfig).toHaveBeenLastCalledWith({ condition: "x > 2" });
  });

  it("shows the server's problems: config ones under the field, the others above", () => {
    panel({
      problems: [
        { node: "f", field: "config.condition", code: "schema_error", message: "Unknown column x." },
        { node: "f", field: "inputs.in", code: "missing_input", message: "Connect an input." },
      ],
    });
    expect(screen.getByRole("alert").textContent).toBe("Connect an input.");
    expect(screen.getByText("Unknown column x.")).toBeTruthy();
  });

  it("connects, removes edges and deletes from the keyboard", () => {
    const handlers = panel();
    const connect = screen.getByRole("button", { name: "Connect" }) as HTMLButtonElement;
    expect(connect.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText("Connect to…"), { target: { value: "0" } });
    fireEvent.click(connect);
    expect(handlers.onConnect).toHaveBeenCalledWith(OPTION);
    expect(screen.getByText("← src (out → in)")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Remove edge src to f" }));
    expect(handlers.onRemoveEdge).toHaveBeenCalledWith({ source: "src", source_port: "out", target: "f", target_port: "in" });
    fireEvent.click(screen.getByRole("button", { name: "Delete node f" }));
    expect(handlers.onDelete).toHaveBeenCalled();
  });

  it("is read-only without the editor role", () => {
    panel({ canEdit: false });
    expect((screen.getByLabelText("Label") as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole("button", { name: "Connect" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Delete node f" })).toBeNull();
  });
});
