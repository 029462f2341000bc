import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Backend } from "./backend";
import { DRY_RUN_NOTE } from "./backend";
import { Toolbar, type ToolbarProps } from "./Toolbar";

afterEach(cleanup);

function toolbar(backend: Backend, overrides: Partial<ToolbarProps> = {}) {
  const actions = {
    save: vi.fn(async () => {}),
    saveVersion: vi.fn(async () => ({ saved: true as const })),
    runDry: vi.fn(async () => {}),
    run: vi.fn(async () => {}),
  };
  const props: ToolbarProps = {
    canEdit: true,
    canRun: true,
    backend,
    canUndo: false,
    canRedo: false,
    hasNodes: true,
    dirty: false,
    validating: false,
    valid: true,
    problemCount: 0,
    busy: null,
    status: "",
    onUndo: () => {},
    onRedo: () => {},
    onLayout: () => {},
    onValidate: () => {},
    selectedCount: 0,
    onArrange: () => {},
    onFind: () => {},
    nodeListOpen: false,
    onToggleNodeList: () => {},
    onGroup: () => {},
    actions,
    ...overrides,
  };
  render(<Toolbar {...props} />);
  return actions;
}

const select = () => screen.getByLabelText("Backend of this run") as HTMLSelectElement;

describe("the builder's run backend", () => {
  it("runs on the pipeline's backend by default, and says it", () => {
    const actions = toolbar("sql");
    expect(select().value).toBe("");
    expect(select().options[0].textContent).toBe("SQL (the pipeline's)");
    expect(screen.getByText(DRY_RUN_NOTE)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Run" }));
    expect(actions.run).toHaveBeenCalledWith("");
  });

  it("runs on the chosen backend; the note follows the choice", () => {
    const actions = toolbar("polars");
    expect(screen.queryByText(DRY_RUN_NOTE)).toBeNull();
    fireEvent.change(select(), { target: { value: "sql" } });
    expect(screen.getByText(DRY_RUN_NOTE)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Run" }));
    expect(actions.run).toHaveBeenLastCalledWith("sql");
    fireEvent.change(select(), { target: { value: "polars" } });
    expect(screen.queryByText(DRY_RUN_NOTE)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Run" }));
    expect(actions.run).toHaveBeenLastCalledWith("polars");
    expect(screen.getByRole("button", { name: "Dry-run" }).getAttribute("title")).toBe(DRY_RUN_NOTE);
  });

  it("has no choice without the right to run", () => {
    toolbar("sql", { canRun: false });
    expect(screen.queryByLabelText("Backend of this run")).toBeNull();
    expect(screen.queryByRole("button", { name: "Run" })).toBeNull();
  });
});
