// Step statuses and row counts of one execution, folded from live events (or an API snapshot).
import type { ApiSchemas, TypedEvent } from "../api/types";
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

type ExecutionEvent = Extract<TypedEvent, { type: `execution.${string}` }>;
type StepEvent = Extract<TypedEvent, { type: `step.${string}` }>;

const FINAL = new Set(["succeeded", "failed", "cancelled"]);

export function isFinished(status: string): boolean {
  return FINAL.has(status);
}

// The server validates every event against its schema (notifications/schemas.py), so the type of an
// event follows from its name; the checks on the data below still hold for a partial event.
const isExecutionEvent = (event: LiveEvent): event is ExecutionEvent => event.type.startsWith("execution.");
const isStepEvent = (event: LiveEvent): event is StepEvent => event.type.startsWith("step.");

function applyExecutionEvent(state: ExecutionState, event: ExecutionEvent): ExecutionState {
  const data = event.data;
  if (typeof data.execution_id === "number" && data.execution_id !== state.id) return state;
  if (event.type === "execution.progress") return state;
  const status = typeof event.data.status === "string" ? event.data.status : event.type.slice("execution.".length);
  const error = "error" in event.data && typeof event.data.error === "string" ? event.data.error : state.error;
  return { ...state, status, error };
}

function applyStepEvent(state: ExecutionState, event: StepEvent): ExecutionState {
  const data = event.data;
  const key = data.node_key;
  if (typeof key !== "string") return state;
  if (typeof data.execution_id === "number" && data.execution_id !== state.id) return state;
  if (event.type === "step.log") return state;
  const kind = event.type.slice("step.".length);
  const previous = state.steps[key] ?? { status: "pending" };
  // A late progress event never takes a finished step back to running.
  if (kind === "progress" && isFinished(String(previous.status))) return state;
  const status: StepStatus =
    kind === "progress" ? "running" : kind === "retrying" ? "retrying" : event.data.status || kind;
  const next: StepState = { ...previous, status };
  if ("rows_in" in event.data) next.rows_in = event.data.rows_in;
  if ("rows_out" in event.data) next.rows_out = event.data.rows_out;
  if ("error" in event.data && typeof event.data.error === "string") next.error = event.data.error;
  return { ...state, steps: { ...state.steps, [key]: next } };
}

export function applyEvent(state: ExecutionState, event: LiveEvent): ExecutionState {
  if (isExecutionEvent(event)) return applyExecutionEvent(state, event);
  if (isStepEvent(event)) return applyStepEvent(state, event);
  return state;
}

type ApiStep = Pick<ApiSchemas["StepOutput"], "node_key" | "status" | "rows_in" | "rows_out" | "error">;

/** What fromApi reads of GET /api/executions/<id>/ (ExecutionDetailOutput). */
export interface ApiExecution {
  id: number;
  status?: string;
  steps?: readonly ApiStep[];
}

/** The state from GET /api/executions/<id>/ (used when live events are unavailable). */
export function fromApi(execution: ApiExecution): ExecutionState {
  const steps: Record<string, StepState> = {};
  for (const step of execution.steps ?? []) {
    steps[step.node_key] = { status: step.status as StepStatus, rows_in: step.rows_in, rows_out: step.rows_out, error: step.error };
  }
  // The schema marks status optional (the field has a default); a response always carries it.
  return { id: execution.id, status: execution.status as string, steps };
}
