import { describe, expect, it } from "vitest";
import { formatMetrics } from "../flow/SluiceNode";
import { dagToFlow, type DagDocument } from "./Dag";

const DOC: DagDocument = {
  nodes: [
    { key: "src", type: "source.file", label: "src", family: "source", position: null, status: "succeeded", metrics: { rows_out: 10 } },
    { key: "br", type: "transform.branch", label: "Route", family: "transform", position: { x: 5, y: 6 }, status: "running", metrics: {} },
    { key: "out", type: "destination.file", label: "out", family: "destination", position: null, status: "pending", metrics: {} },
  ],
  edges: [
    { source: "src", target: "br", source_port: "out", target_port: "in" },
    { source: "br", target: "out", source_port: "big", target_port: "in" },
  ],
  execution_id: 4,
};

describe("dagToFlow", () => {
  it("derives ports from the edges, positions from layout, statuses from the document", () => {
    const { nodes, edges } = dagToFlow(DOC, { src: { x: 1, y: 2 }, out: { x: 3, y: 4 } }, null);
    expect(nodes.map((n) => n.position)).toEqual([{ x: 1, y: 2 }, { x: 5, y: 6 }, { x: 3, y: 4 }]);
    expect(nodes[0].data.inputs).toEqual([]);
    expect(nodes[1].data.outputs.map((p) => p.name)).toEqual(["big"]);
    expect(nodes[2].data.outputs).toEqual([]);
    expect(nodes.map((n) => n.data.status)).toEqual(["succeeded", "running", "pending"]);
    expect(nodes[0].data.metrics).toEqual({ rows_out: 10 });
    expect(edges.map((e) => e.id)).toEqual(["src:out->br:in", "br:big->out:in"]);
    expect(nodes.every((n) => n.data.readOnly && n.draggable === false)).toBe(true);
  });

  it("lets live step state win over the document", () => {
    const { nodes, edges } = dagToFlow(DOC, {}, {
      id: 4,
      status: "running",
      steps: { br: { status: "failed", rows_in: 10, error: "boom" }, src: { status: "running" } },
    });
    expect(nodes[1].data.status).toBe("failed");
    expect(nodes[1].data.metrics).toEqual({ rows_in: 10 });
    expect(nodes[1].data.problems?.[0].message).toBe("boom");
    expect(edges[0].animated).toBe(true);
  });

  it("accepts null ports on edges (monitoring's pipeline graph)", () => {
    const { edges } = dagToFlow({ nodes: DOC.nodes, edges: [{ source: "src", target: "br", source_port: null as unknown as string }] }, {}, null);
    expect(edges[0].sourceHandle).toBe("out");
  });
});

describe("metric overlay", () => {
  it("formats monitoring metrics", () => {
    expect(formatMetrics({ runs: 12, success_rate: 0.75, p50_ms: 120.4, p95_ms: 2500, throughput_rows_per_s: 1234.5 })).toEqual([
      "12 runs",
      "75% ok",
      "p50 120 ms",
      "p95 2.5 s",
      "1,235 rows/s",
    ]);
    expect(formatMetrics({ rows_out: 3 })).toEqual([]);
    expect(formatMetrics(null)).toEqual([]);
  });
});
