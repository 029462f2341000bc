import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { diffLines, TestsPanel, type OutputDiff } from "./TestsPanel";

const tests = vi.fn();
const runTests = vi.fn();
vi.mock("./server", () => ({ server: { tests: (id: number) => tests(id), runTests: (id: number) => runTests(id) } }));

afterEach(cleanup);

const SUMMARY = { id: 1, pipeline: 7, name: "kept", last_status: "never", created_at: "", updated_at: "" };
const DIFF: OutputDiff = {
  passed: false,
  rows: 3,
  expected_rows: 4,
  schema: { missing_columns: [], extra_columns: ["note"], types: [] },
  missing_rows: [{ id: 2, amount: -3 }],
  extra_rows: [],
  changed: [{ row: 0, column: "amount", expected: 10, actual: 10.5 }],
  counts: { missing: 1, extra: 0, changed_rows: 1 },
};

beforeEach(() => {
  tests.mockReset();
  runTests.mockReset();
  tests.mockResolvedValue({ count: 1, next: null, previous: null, results: [SUMMARY] });
});

describe("TestsPanel", () => {
  it("lists the tests with their last result", async () => {
    render(<TestsPanel pipelineId={7} canRun dirty={false} />);
    expect(await screen.findByText("kept", {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText("not run yet")).toBeTruthy();
    expect(tests).toHaveBeenCalledWith(7);
  });

  it("runs them and shows what differs", async () => {
    runTests.mockResolvedValue({
      status: "failed",
      passed: 0,
      failed: 1,
      error: 0,
      total: 1,
      tests: [{ name: "kept", status: "failed", error: "1 of 1 outputs differ: dst.", node: null, duration_ms: 3, outputs: { dst: DIFF } }],
    });
    render(<TestsPanel pipelineId={7} canRun dirty />);
    // The button is there from the first render but disabled until the list has loaded: a click before
    // that does nothing, so wait for the list (the same render enables the button).
    await screen.findByText("kept", {}, { timeout: 5000 });
    const button = screen.getByRole("button", { name: "Run tests" }) as HTMLButtonElement;
    expect(button.disabled).toBe(false);
    fireEvent.click(button);
    await waitFor(() => expect(screen.getByRole("status").textContent).toContain("0 passed, 1 failed"), { timeout: 5000 });
    const diff = screen.getByLabelText("Diff of dst").textContent ?? "";
    expect(diff).toContain("- id=2, amount=-3");
    expect(diff).toContain("~ row 0: amount = 10.5, expected 10");
    expect(screen.getByText(/save to test your edits/)).toBeTruthy();
  });

  it("has no Run button without the editor role", async () => {
    render(<TestsPanel pipelineId={7} canRun={false} dirty={false} />);
    expect(await screen.findByText(/editor role/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Run tests" })).toBeNull();
  });

  it("writes a diff as lines", () => {
    expect(diffLines("dst", DIFF)).toEqual([
      "dst: 3 rows, expected 4",
      "extra columns: note",
      "- id=2, amount=-3",
      "~ row 0: amount = 10.5, expected 10",
    ]);
  });
});
