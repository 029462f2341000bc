import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../live";
import type { ApiGraph, NodeTypeInfo } from "../flow/types";
import { createDecorator, mergeProblems, problemsByNode, warningsByNode } from "./display";
import { currentGraph, initialState, reducer, type Action, type BuilderState } from "./state";

const SOURCE: NodeTypeInfo = {
  key: "source.file", family: "source", title: "File", description: "", icon: "", inputs: [],
  outputs: [{ name: "out", description: "" }], dynamic_outputs: false, config_schema: {}, example: null,
};
const GRAPH: ApiGraph = { nodes: [{ key: "a", type: "source.file", label: "", config: {}, position: { x: 0, y: 0 } }], edges: [] };
const withB = (g: ApiGraph): ApiGraph => ({ ...g, nodes: [...g.nodes, { key: "b", type: "source.file", label: "", config: {}, position: { x: 300, y: 0 } }] });

const run = (...actions: Action[]): BuilderState => actions.reduce(reducer, initialState);
const loaded: Action = { type: "loaded", types: [SOURCE], graph: GRAPH, count: 1 };
const keys = (s: BuilderState) => s.nodes.map((n) => n.id);

describe("builder state", () => {
  it("keeps the objects of the nodes an edit, undo or redo did not touch (only what changed is rebuilt)", () => {
    let s = run(loaded, { type: "commit", graph: withB(GRAPH) });
    const [a, b] = s.nodes;
    const moved = { ...currentGraph(s), nodes: currentGraph(s).nodes.map((n) => (n.key === "b" ? { ...n, position: { x: 500, y: 10 } } : n)) };
    s = reducer(s, { type: "commit", graph: moved });
    expect(s.nodes[0]).toBe(a);
    expect(s.nodes[1]).not.toBe(b);
    expect(s.nodes[1].position).toEqual({ x: 500, y: 10 });
    const undone = reducer(s, { type: "undo" });
    expect(undone.nodes[0]).toBe(a);
    expect(undone.nodes[1].position).toEqual({ x: 300, y: 0 });
    expect(undone.edges).toEqual([]);
    // A new config (or label) is a new node object, with its data converted again.
    const relabelled = { ...currentGraph(undone), nodes: currentGraph(undone).nodes.map((n) => (n.key === "a" ? { ...n, label: "A" } : n)) };
    const after = reducer(undone, { type: "commit", graph: relabelled, select: ["a"] });
    expect(after.nodes[0]).not.toBe(a);
    expect(after.nodes[0]).toMatchObject({ selected: true, data: { label: "A", title: "File" } });
    expect(after.nodes[1]).toBe(undone.nodes[1]);
  });

  it("records moves with the arrow keys as one undo step per run of presses", () => {
    let s = run(loaded, { type: "commit", graph: withB(GRAPH) });
    const past = s.history.past.length;
    for (const x of [10, 20, 30]) {
      s = reducer(s, { type: "nodes-change", changes: [{ type: "position", id: "a", position: { x, y: 0 }, dragging: false }] });
      s = reducer(s, { type: "keyboard-move" });
    }
    expect(s.history.past).toHaveLength(past + 1);
    expect(s.history.present.nodes[0].position).toEqual({ x: 30, y: 0 });
    const undone = reducer(s, { type: "undo" });
    expect(undone.nodes[0].position).toEqual({ x: 0, y: 0 });
    expect(keys(undone)).toEqual(["a", "b"]);
    // A commit in between starts a new step.
    s = reducer(s, { type: "commit", graph: currentGraph(s) });
    s = reducer(reducer(s, { type: "nodes-change", changes: [{ type: "position", id: "a", position: { x: 50, y: 0 } }] }), { type: "keyboard-move" });
    expect(s.history.past).toHaveLength(past + 3);
  });

  it("writes a run of arrow-key presses kept in React Flow's store back as one undo step", () => {
    let s = run(loaded, { type: "commit", graph: withB(GRAPH) });
    const [a, b] = s.nodes;
    const past = s.history.past.length;
    // Two runs (each written back when its key is released) with no other edit between: one step.
    s = reducer(s, { type: "keyboard-move", moved: new Map([["a", { x: 5, y: 0 }], ["b", { x: 305, y: 0 }]]) });
    s = reducer(s, { type: "keyboard-move", moved: new Map([["a", { x: 10, y: 5 }]]) });
    expect(s.history.past).toHaveLength(past + 1);
    expect(s.nodes.map((n) => n.position)).toEqual([{ x: 10, y: 5 }, { x: 305, y: 0 }]);
    expect(s.history.present.nodes.map((n) => n.position)).toEqual([{ x: 10, y: 5 }, { x: 305, y: 0 }]);
    // A key without an edit left the node's object and data alone; a moved node keeps its data.
    const still = reducer(s, { type: "keyboard-move", moved: new Map([["a", { x: 10, y: 5 }]]) });
    expect(still.nodes[0]).toBe(s.nodes[0]);
    expect(s.nodes[1].data).toBe(b.data);
    // An unknown key moves nothing.
    expect(reducer(s, { type: "keyboard-move", moved: new Map([["zz", { x: 1, y: 1 }]]) }).nodes).toEqual(s.nodes);
    const undone = reducer(s, { type: "undo" });
    expect(undone.nodes.map((n) => n.position)).toEqual([a.position, b.position]);
  });

  it("shows validation's warnings on their nodes, apart from the problems", () => {
    const s = run(loaded, { type: "commit", graph: withB(GRAPH) });
    const warning = { node: "b", field: null, code: "not_streaming", message: "b: sort holds the whole input in memory" };
    const validation = { valid: true, problems: [], warnings: [warning, warning], schemas: {}, order: ["a", "b"] };
    const byNode = warningsByNode(validation);
    expect(byNode).toEqual({ b: [warning] });
    expect(warningsByNode(null)).toEqual({});
    const decorate = createDecorator();
    const base = { execution: null, dryRun: null, typeIndex: s.typeIndex, schemas: undefined, problems: {}, canEdit: true };
    const shown = decorate(s.nodes, { ...base, warnings: byNode });
    expect(shown.map((n) => n.data.warnings)).toEqual([[], [warning]]);
    expect(shown.map((n) => n.data.problems)).toEqual([[], []]);
    // The same decorations again: the same objects (React Flow re-renders nothing).
    expect(decorate(s.nodes, { ...base, warnings: byNode })[1]).toBe(shown[1]);
    // A moved node is a new object with the same decorated data (no ports recomputed, its view kept).
    const moved = reducer(s, { type: "nodes-change", changes: [{ type: "position", id: "b", position: { x: 9, y: 9 } }] });
    const again = decorate(moved.nodes, { ...base, warnings: byNode });
    expect(again[0]).toBe(shown[0]);
    expect(again[1]).not.toBe(shown[1]);
    expect(again[1].position).toEqual({ x: 9, y: 9 });
    expect(again[1].data).toBe(shown[1].data);
    // New warnings: new data.
    expect(decorate(moved.nodes, { ...base, warnings: {} })[1].data.warnings).toEqual([]);
  });

  it("loads the graph as saved, with an empty history", () => {
    const s = run(loaded);
    expect(keys(s)).toEqual(["a"]);
    expect(s.status).toBe("Loaded 1 node.");
    expect(s.savedGraph).toBe(JSON.stringify(currentGraph(s)));
    expect(s.history.past).toEqual([]);
  });

  it("commits edits into the history; undo and redo rebuild the canvas", () => {
    const s = run(loaded, { type: "commit", graph: withB(GRAPH), select: ["b"], message: "Added b." });
    expect(keys(s)).toEqual(["a", "b"]);
    expect(s.nodes.find((n) => n.id === "b")?.selected).toBe(true);
    expect(s.status).toBe("Added b.");
    const undone = reducer(s, { type: "undo" });
    expect(keys(undone)).toEqual(["a"]);
    expect(undone.status).toBe("Undone.");
    expect(reducer(undone, { type: "undo" })).toBe(undone);
    const redone = reducer(undone, { type: "redo" });
    expect(keys(redone)).toEqual(["a", "b"]);
    expect(redone.status).toBe("Redone.");
  });

  it("coalesces edits with the same tag into one undo step", () => {
    const label = (text: string): Action => ({
      type: "commit",
      graph: { ...GRAPH, nodes: [{ ...GRAPH.nodes[0], label: text }] },
      coalesce: "label:a",
    });
    const s = run(loaded, label("x"), label("xy"));
    expect(s.history.past).toHaveLength(1);
    expect(reducer(s, { type: "undo" }).nodes[0].data.label).toBe("");
  });

  it("takes a config the form normalised as saved, without an undo step", () => {
    const s = run(loaded, { type: "normalise", key: "a", config: { sep: "," } });
    expect(currentGraph(s).nodes[0].config).toEqual({ sep: "," });
    expect(s.history.past).toEqual([]);
    expect(s.savedGraph).toBe(JSON.stringify(currentGraph(s)));
  });

  it("normalises one node of 2,000 alone: the other nodes, the edges and the drag stay, a saved graph stays saved", () => {
    const big: ApiGraph = {
      nodes: Array.from({ length: 2000 }, (_, i) => ({ key: `n${i}`, type: "source.file", label: "", config: {}, position: { x: i, y: 0 } })),
      edges: Array.from({ length: 1999 }, (_, i) => ({ source: `n${i}`, source_port: "out", target: `n${i + 1}`, target_port: "in" })),
    };
    const s = run({ type: "loaded", types: [SOURCE], graph: big, count: 2000 });
    // A drag of n5 under way: React Flow's position, not rounded, and its dragging flag.
    const dragging = reducer(s, { type: "nodes-change", changes: [{ type: "position", id: "n5", position: { x: 40.5, y: 7.25 }, dragging: true }] });
    const n = reducer(dragging, { type: "normalise", key: "n5", config: { sep: "," } });
    expect(n.nodes[5]).toMatchObject({ position: { x: 40.5, y: 7.25 }, dragging: true, data: { config: { sep: "," }, title: "File" } });
    expect(n.nodes.filter((node, i) => node !== dragging.nodes[i]).map((node) => node.id)).toEqual(["n5"]);
    expect(n.edges).toBe(s.edges);
    expect(n.history.past).toEqual([]);
    expect(n.history.present.nodes[5]).toMatchObject({ config: { sep: "," }, position: { x: 5, y: 0 } });
    // Moved but not dropped: the graph differs from the saved one by the move alone (undone, by nothing).
    const saved = JSON.parse(n.savedGraph) as ApiGraph;
    const { label: _label, ...savedNode } = big.nodes[5];
    expect(saved.nodes[5]).toEqual({ ...savedNode, config: { sep: "," } });
    expect(n.savedGraph).toBe(JSON.stringify(n.history.present));
    // Not moved: the normalised graph is the saved one.
    const still = reducer(s, { type: "normalise", key: "n7", config: { sep: ";" } });
    expect(still.savedGraph).toBe(JSON.stringify(currentGraph(still)));
    // The same config again, or a node that is not there: nothing changes.
    expect(reducer(still, { type: "normalise", key: "n7", config: { sep: ";" } })).toBe(still);
    expect(reducer(still, { type: "normalise", key: "nope", config: { sep: ";" } })).toBe(still);
  });

  it("normalises the node's part of the saved graph only, not text that reads like it", () => {
    // Hostile: another node's label and a config value hold the very JSON of node a, and a's key has
    // quotes and a backslash in it.
    const key = 'a"\\b';
    const nodeA = { key, type: "source.file", config: {}, position: { x: 0, y: 0 } };
    const json = JSON.stringify(nodeA);
    const graph: ApiGraph = {
      nodes: [
        { key: "decoy", type: "source.file", label: json, config: { note: json, [key]: json }, position: { x: 1, y: 1 } },
        { ...nodeA, label: "" },
      ],
      edges: [],
    };
    const s = run({ type: "loaded", types: [SOURCE], graph, count: 2 });
    const n = reducer(s, { type: "normalise", key, config: { sep: "," } });
    expect(n.savedGraph).toBe(JSON.stringify(currentGraph(n)));
    expect(currentGraph(n).nodes[0]).toEqual(currentGraph(s).nodes[0]);
    expect(currentGraph(n).nodes[1].config).toEqual({ sep: "," });
  });

  it("keeps the edges' array when a commit leaves them as they were (React Flow re-indexes a new one)", () => {
    const s = run(loaded, { type: "commit", graph: withB(GRAPH) }, { type: "commit", graph: { ...withB(GRAPH), edges: [{ source: "a", target: "b" }] } });
    const relabelled = { ...currentGraph(s), nodes: currentGraph(s).nodes.map((n) => (n.key === "a" ? { ...n, label: "A" } : n)) };
    const after = reducer(s, { type: "commit", graph: relabelled });
    expect(after.edges).toBe(s.edges);
    expect(after.nodes[1]).toBe(s.nodes[1]);
    expect(reducer(after, { type: "undo" }).edges).toBe(s.edges);
  });

  it("records a drag as one undo step", () => {
    const s = run(loaded, { type: "drag-stop", moved: new Map([["a", { x: 50, y: 60 }]]) });
    expect(s.history.present.nodes[0].position).toEqual({ x: 50, y: 60 });
    expect(s.history.past).toHaveLength(1);
  });

  it("follows the run it started and says when it finished", () => {
    const event = (id: number, type: string, data: Record<string, unknown>): Action => ({
      type: "execution-event",
      id: 5,
      event: { id, type, topic: "execution:5", ts: "", data } as LiveEvent,
    });
    let s = run(loaded, { type: "run-started", execution: { id: 5, status: "queued", steps: { a: { status: "pending" } } }, status: "Execution #5 queued." });
    expect(s.tab).toBe("run");
    s = reducer(s, event(1, "step.succeeded", { execution_id: 5, node_key: "a", status: "succeeded", rows_in: 0, rows_out: 3 }));
    expect(s.execution?.steps.a).toEqual({ status: "succeeded", rows_in: 0, rows_out: 3 });
    expect(s.status).toBe("Execution #5 queued.");
    s = reducer(s, event(2, "execution.succeeded", { execution_id: 5, status: "succeeded" }));
    expect(s.status).toBe("Execution #5 succeeded.");
    expect(reducer(s, { type: "execution-event", id: 6, event: { id: 3, type: "execution.failed", topic: "execution:6", ts: "", data: {} } })).toBe(s);
  });

  it("shows a failed action on the problems tab", () => {
    const problem = { node: null, field: null, code: "server", message: "No." };
    const s = run(loaded, { type: "tab", tab: "preview" }, { type: "action-failed", problems: [problem], status: "Saving failed: No." });
    expect(s.tab).toBe("problems");
    expect(s.actionErrors).toEqual([problem]);
  });
});

describe("what the panels show", () => {
  it("lists each problem once, and dry-run errors on their node", () => {
    const p = { node: "a", field: null, code: "x", message: "Bad." };
    const problems = mergeProblems([p], [p], { valid: false, problems: [p], schemas: {}, order: [] });
    expect(problems).toEqual([p]);
    const dryRun = {
      valid: true, problems: [], sample_rows: 10,
      nodes: { b: { status: "error", rows: {}, schema: {}, preview: {}, error: "Boom.", field: "config.x" } },
    };
    expect(problemsByNode(problems, dryRun)).toEqual({
      a: [p],
      b: [{ node: "b", field: "config.x", code: "dry_run", message: "Boom." }],
    });
  });
});
