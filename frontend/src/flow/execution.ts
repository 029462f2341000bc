// Step statuses and row counts of one execution, folded from live events (or an API snapshot).
import type { LiveEvent } from "../live";
import type { StepStatus } from "./types";

export interface StepState {
  status: StepStatus;
  rows_in?: number | null;
  rows_out?: number | null;
  error?: string | null;
}

export interface ExecutionState {
  id: number;
  status: string;
  steps: Record<string, StepState>;
  error?: string | null;
}

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

export function isFinished(status: string): boolean {
  return FINAL.has(status);
}

export function applyEvent(state: ExecutionState, event: LiveEvent): ExecutionState {
  const data = event.data as Record<string, unknown>;
  if (event.type.startsWith("execution.")) {
    if (typeof data.execution_id === "number" && data.execution_id !== state.id) return state;
    if (event.type === "execution.progress") return state;
    const status = typeof data.status === "string" ? data.status : event.type.slice("execution.".length);
    return { ...state, status, error: typeof data.error === "string" ? data.error : state.error };
  }
  if (event.type.startsWith("step.")) {
    const key = data.node_key;
    if (typeof key !== "string") return state;
    if (typeof data.execution_id === "number" && data.execution_id !== state.id) return state;
    const kind = event.type.slice("step.".length);
    if (kind === "log") return state;
    const previous = state.steps[key] ?? { status: "pending" };
    // A late progress event never takes a finished step back to running.
    if (kind === "progress" && isFinished(String(previous.status))) return state;
    const status: StepStatus =
      kind === "progress" ? "running" : kind === "retrying" ? "retrying" : (data.status as string) || kind;
    const next: StepState = { ...previous, status };
    if ("rows_in" in data) next.rows_in = data.rows_in as number | null;
    if ("rows_out" in data) next.rows_out = data.rows_out as number | null;
    if (typeof data.error === "string") next.error = data.error;
    return { ...state, steps: { ...state.steps, [key]: next } };
  }
  return state;
}

interface ApiStep {
  node_key: string;
  status: string;
  rows_in?: number | null;
  rows_out?: number | null;
  error?: string | null;
}

/** The state from GET /api/executions/<id>/ (used when live events are unavailable). */
export function fromApi(execution: { id: number; status: string; steps?: ApiStep[] }): ExecutionState {
  const steps: Record<string, StepState> = {};
  for (const step of execution.steps ?? []) {
    steps[step.node_key] = { status: step.status, rows_in: step.rows_in, rows_out: step.rows_out, error: step.error };
  }
  return { id: execution.id, status: execution.status, steps };
}
