// The backend of a run started from the builder (docs/backends.md): the pipeline's setting unless the
// select beside Run names one, sent as the start's `backend` field (the pipeline page's select, the same
// choices). Dry-runs always compute on Polars (executions/services/dryrun.py): the note says so.
import type { ApiSchemas, BodyOf } from "../api/types";

export type Backend = ApiSchemas["PipelineBackendEnum"];
/** "" is the pipeline's own backend (the start resolves it), otherwise this run's override. */
export type RunBackend = "" | Backend;
type RunBody = BodyOf<"/api/pipelines/{id}/run/", "post">;

export const BACKENDS: readonly { value: Backend; label: string }[] = [
  { value: "polars", label: "Polars" },
  { value: "sql", label: "SQL" },
  { value: "spark", label: "Spark" },
];

export const DRY_RUN_NOTE = "Dry-runs compute on Polars whatever the backend.";

/** The pipeline's backend as the page gives it (data-backend): anything else is the default, polars. */
export function parseBackend(value: string | undefined | null): Backend {
  return BACKENDS.some((b) => b.value === value) ? (value as Backend) : "polars";
}

export function backendLabel(backend: Backend): string {
  return BACKENDS.find((b) => b.value === backend)?.label ?? backend;
}

/** What a run computes on: the choice, else the pipeline's. */
export function effectiveBackend(choice: RunBackend, pipeline: Backend): Backend {
  return choice === "" ? pipeline : choice;
}

/** The start's body: `backend` only when the run overrides the pipeline's (the server resolves the rest). */
export function runBody(choice: RunBackend): RunBody {
  return choice === "" ? {} : { backend: choice };
}

/** The note beside the choice: shown when this run would not compute like a dry-run (on sql). */
export function dryRunNote(choice: RunBackend, pipeline: Backend): string | null {
  return effectiveBackend(choice, pipeline) === "polars" ? null : DRY_RUN_NOTE;
}
