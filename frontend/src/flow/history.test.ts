import { describe, expect, it } from "vitest";
import { canRedo, canUndo, createHistory, push, redo, undo } from "./history";

describe("history", () => {
  it("undoes and redoes", () => {
    let h = createHistory(1);
    h = push(h, 2);
    h = push(h, 3);
    expect(canUndo(h)).toBe(true);
    h = undo(h);
    expect(h.present).toBe(2);
    h = undo(h);
    expect(h.present).toBe(1);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe(2);
    expect(canRedo(h)).toBe(true);
  });

  it("drops the redo branch on a new change", () => {
    let h = push(push(createHistory("a"), "b"), "c");
    h = undo(h);
    h = push(h, "d");
    expect(h.present).toBe("d");
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
    expect(h.past).toEqual(["a", "b"]);
  });

  it("coalesces a run of edits with the same tag into one step", () => {
    let h = createHistory("");
    h = push(h, "x");
    h = push(h, "x=", { coalesce: "config:f" });
    h = push(h, "x=1", { coalesce: "config:f" });
    h = push(h, "x=12", { coalesce: "config:f" });
    expect(h.past).toEqual(["", "x"]);
    expect(undo(h).present).toBe("x");
    // After an undo the same tag starts a new step.
    h = push(undo(h), "x=9", { coalesce: "config:f" });
    expect(h.past).toEqual(["", "x"]);
  });

  it("keeps at most `limit` past states", () => {
    let h = createHistory(0);
    for (let i = 1; i <= 10; i += 1) h = push(h, i, { limit: 3 });
    expect(h.past).toEqual([7, 8, 9]);
  });
});
