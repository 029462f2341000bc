// The first render at 2,000 nodes: nodes not yet measured carry a box and handle positions (so React
// Flow draws only the nodes in view), measured ones do not; the minimap draws the nodes as one path.
import type { InternalNode } from "@xyflow/react";
import { describe, expect, it } from "vitest";
import { indexTypes, toFlow, type FlowNode } from "../flow/graph";
import { drawNodes } from "../flow/Minimap";
import type { NodeTypeInfo } from "../flow/types";
import { createDecorator, estimatedHandles, NODE_HEIGHT, NODE_WIDTH } from "./display";

const t = (key: string, inputs: string[], outputs: string[]): NodeTypeInfo => ({
  key, family: "transform", title: key, description: "", icon: "",
  inputs: inputs.map((name) => ({ name, multiple: false, required: true, description: "" })),
  outputs: outputs.map((name) => ({ name, description: "" })), dynamic_outputs: false, config_schema: {}, example: null,
});
const INDEX = indexTypes([t("transform.join", ["left", "right"], ["out"]), t("source.file", [], ["out"])]);
const decorations = { execution: null, dryRun: null, typeIndex: INDEX, schemas: undefined, problems: {}, canEdit: true, estimate: true };

describe("nodes before they are measured", () => {
  it("carry a box and their handles, spread down each side", () => {
    const handles = estimatedHandles([{ name: "left" }, { name: "right" }], [{ name: "out" }]);
    expect(handles.map((h) => [h.id, h.type, h.position])).toEqual([
      ["left", "target", "left"],
      ["right", "target", "left"],
      ["out", "source", "right"],
    ]);
    // Centres at 1/3 and 2/3 of the height on the left, 1/2 on the right edge.
    expect(handles.map((h) => [h.x + 6, h.y + 6])).toEqual([
      [0, NODE_HEIGHT / 3],
      [0, (2 * NODE_HEIGHT) / 3],
      [NODE_WIDTH, NODE_HEIGHT / 2],
    ]);
  });

  it("lose them once measured (the measured box and handles count from then on)", () => {
    const { nodes } = toFlow(
      { nodes: [{ key: "j", type: "transform.join", position: { x: 0, y: 0 } }, { key: "s", type: "source.file", position: { x: 0, y: 100 } }], edges: [] },
      INDEX,
    );
    const [join, source] = createDecorator()(nodes, decorations);
    expect(join.initialWidth).toBe(NODE_WIDTH);
    expect(join.handles?.map((h) => h.id)).toEqual(["left", "right", "out"]);
    expect(source.handles?.map((h) => h.id)).toEqual(["out"]);
    const measured: FlowNode = { ...nodes[0], measured: { width: 220, height: 70 } };
    const [after] = createDecorator()([measured], decorations);
    expect(after.handles).toBeUndefined();
    expect(after.initialWidth).toBeUndefined();
  });

  it("only in a large graph: a smaller one is drawn whole, measured and fitted exactly", () => {
    const { nodes } = toFlow({ nodes: [{ key: "j", type: "transform.join", position: { x: 0, y: 0 } }], edges: [] }, INDEX);
    const [join] = createDecorator()(nodes, { ...decorations, estimate: false });
    expect(join.handles).toBeUndefined();
    expect(join.initialWidth).toBeUndefined();
  });
});

describe("the minimap", () => {
  const internal = (id: string, x: number, y: number, extra: Partial<InternalNode> = {}) =>
    ({ id, position: { x, y }, data: {}, measured: { width: 200, height: 60 }, internals: { positionAbsolute: { x, y }, z: 0, userNode: {} }, ...extra }) as unknown as InternalNode;

  it("draws every shown node in one path, the selected ones in another, and bounds them", () => {
    const lookup = new Map([
      ["a", internal("a", 0, 0)],
      ["b", internal("b", 300, 100, { selected: true })],
      ["c", internal("c", 900, 900, { hidden: true })],
      ["d", internal("d", -50, 10, { measured: {}, initialWidth: 220, initialHeight: 64 } as Partial<InternalNode>)],
    ]);
    const drawn = drawNodes(lookup);
    expect(drawn.all).toBe("M0 0h200v60h-200zM-50 10h220v64h-220z");
    expect(drawn.selected).toBe("M300 100h200v60h-200z");
    expect(drawn.bounds).toEqual({ x: -50, y: 0, width: 550, height: 160 });
  });

  it("has no bounds without a shown node", () => {
    expect(drawNodes(new Map()).bounds).toBeNull();
  });
});
