import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { NodeTypeInfo } from "../flow/types";
import { DRAG_MIME, Palette } from "./Palette";

const t = (key: string, family: string, title: string): NodeTypeInfo => ({
  key, family, title, description: `${title} rows`, icon: "", inputs: [], outputs: [], dynamic_outputs: false, config_schema: {}, example: null,
});
const TYPES = [t("transform.filter", "transform", "Filter"), t("source.file", "source", "File"), t("destination.file", "destination", "File out")];

afterEach(cleanup);

describe("Palette", () => {
  it("lists the types under their family, sources first", () => {
    render(<Palette types={TYPES} onAdd={() => {}} />);
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(["Sources", "Transforms", "Destinations"]);
    const sources = screen.getByRole("region", { name: "Sources" });
    expect(within(sources).getByRole("button").textContent).toBe("Filesource.file");
  });

  it("filters on the search box and says when nothing matches", () => {
    render(<Palette types={TYPES} onAdd={() => {}} />);
    const search = screen.getByLabelText("Search node types");
    fireEvent.change(search, { target: { value: "filt" } });
    expect(screen.getAllByRole("button").map((b) => b.dataset.nodeType)).toEqual(["transform.filter"]);
    fireEvent.change(search, { target: { value: "zzz" } });
    expect(screen.getByText("No node type matches “zzz”.")).toBeTruthy();
  });

  it("adds a type on click, and drags it with its key", () => {
    const onAdd = vi.fn();
    render(<Palette types={TYPES} onAdd={onAdd} />);
    const filter = screen.getByRole("button", { name: /Filter/ });
    fireEvent.click(filter);
    expect(onAdd).toHaveBeenCalledWith(TYPES[0]);
    const data: Record<string, string> = {};
    const dataTransfer = { setData: (k: string, v: string) => (data[k] = v), effectAllowed: "" };
    fireEvent.dragStart(filter, { dataTransfer });
    expect(data).toEqual({ [DRAG_MIME]: "transform.filter", "text/plain": "transform.filter" });
    expect(dataTransfer.effectAllowed).toBe("copy");
  });
});
