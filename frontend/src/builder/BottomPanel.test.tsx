import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DryRunResult, Problem } from "../flow/types";
import { BottomPanel } from "./BottomPanel";

afterEach(cleanup);

const base = {
  onTab: () => {},
  problems: [] as Problem[],
  validating: false,
  onProblem: () => {},
  dryRun: null,
  order: [] as string[],
  execution: null,
  executionUrl: null,
};

const DRY_RUN: DryRunResult = {
  valid: true,
  problems: [],
  sample_rows: 100,
  duration_ms: 12,
  nodes: {
    out: { status: "ok", rows: { in: 1 }, schema: {}, preview: {}, error: null, would_write: 1 },
    src: {
      status: "ok",
      rows: { out: 2 },
      schema: { out: { id: "Int64", name: "String" } },
      preview: { out: [{ id: 1, name: "a" }, { id: 2, name: null }] },
      error: null,
    },
  },
};

describe("BottomPanel", () => {
  it("lists the problems; a click on one selects its node", () => {
    const onProblem = vi.fn();
    const problems: Problem[] = [{ node: "f", field: "config.condition", code: "schema_error", message: "Unknown column x." }];
    render(<BottomPanel {...base} tab="problems" problems={problems} onProblem={onProblem} />);
    expect(screen.getByRole("tab", { name: "Problems (1)" }).getAttribute("aria-selected")).toBe("true");
    fireEvent.click(screen.getByRole("button", { name: /Unknown column x\./ }));
    expect(onProblem).toHaveBeenCalledWith(problems[0]);
  });

  it("lists warnings apart from the problems, in text, and a click selects their node", () => {
    const onProblem = vi.fn();
    const warnings: Problem[] = [{ node: "order", field: null, code: "not_streaming", message: "order: sort holds the whole input in memory" }];
    render(<BottomPanel {...base} tab="problems" warnings={warnings} onProblem={onProblem} />);
    expect(screen.getByRole("tab", { name: "Problems (0) · 1 warning" })).toBeTruthy();
    expect(screen.getByText("No problems: the graph is valid.")).toBeTruthy();
    const list = screen.getByRole("list", { name: "Warnings" });
    expect(list.textContent).toContain("warningorder" + "order: sort holds the whole input in memory");
    fireEvent.click(screen.getByRole("button", { name: /sort holds the whole input/ }));
    expect(onProblem).toHaveBeenCalledWith(warnings[0]);
  });

  it("draws the first 200 warnings of a long list and counts the rest", () => {
    const warnings: Problem[] = Array.from({ length: 205 }, (_, i) => ({ node: `n${i}`, field: null, code: "not_streaming", message: `n${i}: sort holds the whole input in memory` }));
    render(<BottomPanel {...base} tab="problems" warnings={warnings} />);
    expect(screen.getByRole("tab", { name: "Problems (0) · 205 warnings" })).toBeTruthy();
    expect(screen.getAllByRole("button", { name: /sort holds/ })).toHaveLength(200);
    expect(screen.getByText("and 5 more, each on its node")).toBeTruthy();
  });

  it("says whether an empty list is still being checked", () => {
    const { rerender } = render(<BottomPanel {...base} tab="problems" validating />);
    expect(screen.getByText("Checking the graph…")).toBeTruthy();
    rerender(<BottomPanel {...base} tab="problems" />);
    expect(screen.getByText("No problems: the graph is valid.")).toBeTruthy();
  });

  it("moves between tabs with the arrow keys", () => {
    const onTab = vi.fn();
    render(<BottomPanel {...base} tab="problems" onTab={onTab} />);
    fireEvent.keyDown(screen.getByRole("tab", { name: /Problems/ }), { key: "ArrowRight" });
    expect(onTab).toHaveBeenLastCalledWith("preview");
    fireEvent.keyDown(screen.getByRole("tab", { name: /Problems/ }), { key: "ArrowLeft" });
    expect(onTab).toHaveBeenLastCalledWith("run");
  });

  it("shows the dry-run's nodes in graph order with their rows", () => {
    render(<BottomPanel {...base} tab="preview" dryRun={DRY_RUN} order={["src", "out"]} />);
    const cards = document.querySelectorAll<HTMLElement>("[data-preview-node]");
    expect([...cards].map((c) => c.dataset.previewNode)).toEqual(["src", "out"]);
    expect(screen.getByText("would write 1")).toBeTruthy();
    const table = screen.getByRole("table");
    expect(table.querySelector("caption")?.textContent).toBe("Preview of src (out): first 2 rows");
    expect([...table.querySelectorAll("tbody tr")].map((r) => r.textContent)).toEqual(["1a", "2null"]);
  });

  it("shows the followed run and links to its page", () => {
    const execution = { id: 7, status: "running", steps: { src: { status: "succeeded" }, out: { status: "running" } } };
    render(<BottomPanel {...base} tab="run" execution={execution} executionUrl="/executions/7/" />);
    expect(screen.getByRole("tab", { name: "Run #7" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open execution #7" }).getAttribute("href")).toBe("/executions/7/");
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual(["src succeeded", "out running"]);
  });
});
