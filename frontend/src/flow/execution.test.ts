import { describe, expect, it } from "vitest";
import type { LiveEvent } from "../live";
import { applyEvent, fromApi, type ExecutionState } from "./execution";

const ev = (id: number, type: string, data: Record<string, unknown>): LiveEvent => ({ id, type, topic: "execution:5", ts: "", data });

describe("execution state from events", () => {
  const start: ExecutionState = { id: 5, status: "queued", steps: { a: { status: "pending" } } };

  it("follows steps and the execution", () => {
    let s = applyEvent(start, ev(1, "execution.started", { execution_id: 5, status: "running" }));
    s = applyEvent(s, ev(2, "step.started", { execution_id: 5, node_key: "a", status: "running" }));
    expect(s.steps.a.status).toBe("running");
    s = applyEvent(s, ev(3, "step.succeeded", { execution_id: 5, node_key: "a", status: "succeeded", rows_in: 3, rows_out: 2 }));
    expect(s.steps.a).toEqual({ status: "succeeded", rows_in: 3, rows_out: 2 });
    s = applyEvent(s, ev(4, "step.progress", { execution_id: 5, node_key: "a", status: "running", progress: 1 }));
    expect(s.steps.a.status).toBe("succeeded");
    s = applyEvent(s, ev(5, "step.retrying", { execution_id: 5, node_key: "b", status: "queued", error: "boom" }));
    expect(s.steps.b).toEqual({ status: "retrying", error: "boom" });
    s = applyEvent(s, ev(6, "execution.succeeded", { execution_id: 5, status: "succeeded" }));
    expect(s.status).toBe("succeeded");
  });

  it("ignores other executions and logs", () => {
    expect(applyEvent(start, ev(1, "step.started", { execution_id: 6, node_key: "a", status: "running" }))).toBe(start);
    expect(applyEvent(start, ev(1, "step.log", { execution_id: 5, node_key: "a", lines: [] }))).toBe(start);
  });

  it("reads the API's steps", () => {
    expect(fromApi({ id: 5, status: "running", steps: [{ node_key: "a", status: "failed", error: "x" }] })).toEqual({
      id: 5,
      status: "running",
      steps: { a: { status: "failed", rows_in: undefined, rows_out: undefined, error: "x" } },
    });
  });
});
