import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BottomPanel } from "./BottomPanel";
import { bars } from "./DataPanels";
import { server } from "./server";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const base = {
  onTab: () => {},
  problems: [],
  validating: false,
  onProblem: () => {},
  dryRun: null,
  order: [] as string[],
  execution: null,
  executionUrl: null,
};

const data = (node: string | null, onSelect = () => {}) => ({
  pipelineId: 7,
  graph: { nodes: [], edges: [] },
  node,
  schemas: { src: { out: { id: "Int64", name: "String" } }, dst: { "in:in": { id: "Int64" } } },
  dirty: false,
  onSelect,
});

const PROFILE = {
  rows: 3,
  rows_profiled: 3,
  sampled: false,
  sample_step: null,
  columns_total: 1,
  columns_profiled: 1,
  truncated: false,
  elapsed_ms: 2,
  limits: { max_rows: 100000, distinct_exact_max: 100000, top: 10, bins: 10 },
  columns: [
    {
      name: "id",
      dtype: "Int64",
      kind: "numeric" as const,
      nulls: 1,
      null_rate: 1 / 3,
      distinct: 2,
      distinct_exact: true,
      min: 1,
      max: 2,
      mean: 1.5,
      top: [{ value: 1, count: 1 }],
      histogram: { of: "value" as const, edges: [1, 1.5, 2], counts: [1, 1] },
    },
  ],
};

describe("bars", () => {
  it("scales each bin to the tallest and titles it with its range", () => {
    const shapes = bars({ of: "value", edges: [0, 5, 10], counts: [2, 4] }, 100, 20);
    expect(shapes.map((b) => b.height)).toEqual([10, 20]);
    expect(shapes[1].title).toBe("5 – 10: 4");
    expect(bars(null)).toEqual([]);
  });
});

describe("Profile and Lineage tabs", () => {
  it("profiles the selected node's output on a dry-run sample", async () => {
    const call = vi.spyOn(server, "dryRunProfile").mockResolvedValue({
      node_key: "src",
      port: "out",
      recomputed: true,
      sample_rows: 1000,
      profile: PROFILE,
    });
    render(<BottomPanel {...base} tab="profile" data={data("src")} />);
    fireEvent.click(screen.getByRole("button", { name: "Profile" }));
    await waitFor(() => expect(screen.getByText("1 (33.3 %)")).toBeTruthy());
    expect(call).toHaveBeenCalledWith(7, { nodes: [], edges: [] }, "src", null);
    expect(screen.getByRole("img").getAttribute("aria-label")).toContain("Histogram of values");
  });

  it("asks for a node first", () => {
    render(<BottomPanel {...base} tab="profile" data={data(null)} />);
    expect(screen.getByText(/Select a node/)).toBeTruthy();
  });

  it("shows where a column comes from and selects a node from the list", async () => {
    const onSelect = vi.fn();
    vi.spyOn(server, "columnLineage").mockResolvedValue({
      node: "dst",
      port: "in",
      column: "id",
      upstream: [{ node: "src", port: "out", column: "id", distance: 1 }],
      downstream: [],
      edges: [],
      consumers: [],
    });
    render(<BottomPanel {...base} tab="lineage" data={data("dst", onSelect)} />);
    fireEvent.change(screen.getByLabelText(/Column of/), { target: { value: "id" } });
    await waitFor(() => expect(screen.getByRole("list", { name: "Comes from" })).toBeTruthy());
    fireEvent.click(screen.getByRole("button", { name: /src/ }));
    expect(onSelect).toHaveBeenCalledWith("src");
  });
});
