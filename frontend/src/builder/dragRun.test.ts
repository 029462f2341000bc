import { describe, expect, it } from "vitest";
import type { FlowNode } from "../flow/graph";
import { withDragPositions } from "./useCanvas";

const node = (id: string, x: number): FlowNode => ({
  id,
  type: "sluice",
  position: { x, y: 0 },
  data: { key: id, type: "source.file", label: "", config: {}, family: "source", title: "File", inputs: [], outputs: [] },
});

describe("a drag under way (useDragRun)", () => {
  it("draws the dragged nodes where the drag has them and keeps every other node's object", () => {
    const nodes = [node("a", 0), node("b", 100), node("c", 200)];
    expect(withDragPositions(nodes, new Map())).toBe(nodes);
    // A position for a node that is not there (deleted during the drag) is ignored.
    const at = new Map([
      ["b", { x: 140.5, y: 60.25 }],
      ["gone", { x: 1, y: 1 }],
    ]);
    const drawn = withDragPositions(nodes, at);
    expect(drawn).toHaveLength(3);
    expect(drawn[0]).toBe(nodes[0]);
    expect(drawn[2]).toBe(nodes[2]);
    expect(drawn[1]).toMatchObject({ id: "b", position: { x: 140.5, y: 60.25 }, dragging: true, data: nodes[1].data });
    expect(nodes[1].position).toEqual({ x: 100, y: 0 });
  });
});
