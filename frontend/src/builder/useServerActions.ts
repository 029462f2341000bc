// The toolbar's server actions: save the draft, save a version, dry-run on a sample (the preview
// tab), run. Each reports its failure on the problems tab and the status line.
import { useCallback, type Dispatch } from "react";
import { ApiError } from "../flow/api";
import { fieldErrorsToProblems } from "../flow/problems";
import type { ApiGraph, DryRunResult, Problem } from "../flow/types";
import { showVersion } from "../versions";
import type { RunBackend } from "./backend";
import { server } from "./server";
import type { Action } from "./state";

interface Options {
  pipelineId: number;
  canEdit: boolean;
  /** The graph on the canvas now. */
  current: () => ApiGraph;
  dispatch: Dispatch<Action>;
  follow: (executionId: number) => void;
}

export type VersionResult = { saved: true } | { saved: false; errors: string[] };

export interface ServerActions {
  save: () => Promise<void>;
  /** Saves the draft, then a version with `message`: whether it was saved, and the messages to show
   * under the form (none when the draft could not be saved: the problems tab shows why). */
  saveVersion: (message: string) => Promise<VersionResult>;
  runDry: () => Promise<void>;
  /** Starts a run on `backend` ("" the pipeline's own, backend.ts). */
  run: (backend?: RunBackend) => Promise<void>;
}

function failure(error: unknown, what: string, graph: ApiGraph): Action {
  if (error instanceof ApiError) {
    const problems = fieldErrorsToProblems(error.fields, graph);
    const shown: Problem[] = problems.length ? problems : [{ node: null, field: null, code: "server", message: error.message }];
    return { type: "action-failed", problems: shown, status: `${what} failed: ${error.message}` };
  }
  return { type: "action-failed", problems: [{ node: null, field: null, code: "client", message: String(error) }], status: `${what} failed.` };
}

function dryRunSummary(result: DryRunResult): string {
  const failed = Object.values(result.nodes).filter((n) => n.status !== "ok").length;
  return `Dry-run finished: ${Object.keys(result.nodes).length} node(s) ran${failed ? `, ${failed} with errors` : ""}.`;
}

export function useServerActions({ pipelineId, canEdit, current, dispatch, follow }: Options): ServerActions {
  const saveDraft = useCallback(async (): Promise<boolean> => {
    const graph = current();
    try {
      const result = await server.saveGraph(pipelineId, graph);
      dispatch({ type: "saved", graph, validation: result.validation });
      return true;
    } catch (error) {
      dispatch(failure(error, "Saving", graph));
      return false;
    }
  }, [current, dispatch, pipelineId]);

  const save = useCallback(async () => {
    dispatch({ type: "busy", busy: "save", status: "Saving the draft…" });
    if (await saveDraft()) dispatch({ type: "status", message: "Draft saved." });
    dispatch({ type: "busy", busy: null });
  }, [dispatch, saveDraft]);

  const saveVersion = useCallback(
    async (message: string): Promise<VersionResult> => {
      dispatch({ type: "busy", busy: "version", status: "Saving a version…" });
      try {
        if (!(await saveDraft())) return { saved: false, errors: [] };
        const version = await server.createVersion(pipelineId, message);
        dispatch({
          type: "status",
          message: version.created ? `Saved version ${version.number}.` : `No change since version ${version.number}.`,
        });
        showVersion(document, pipelineId, version.number);
        return { saved: true };
      } catch (error) {
        const messages =
          error instanceof ApiError ? Object.values(error.fields).flat() : [String((error as Error).message ?? error)];
        dispatch({ type: "status", message: "The version was not saved." });
        return { saved: false, errors: messages.length ? messages : [(error as Error).message] };
      } finally {
        dispatch({ type: "busy", busy: null });
      }
    },
    [dispatch, pipelineId, saveDraft],
  );

  const runDry = useCallback(async () => {
    dispatch({ type: "busy", busy: "dry-run", status: "Dry-running on a sample…" });
    const graph = current();
    try {
      const result = await server.dryRun(pipelineId, graph);
      dispatch({ type: "dry-run", result, status: dryRunSummary(result) });
    } catch (error) {
      dispatch(failure(error, "The dry-run", graph));
    } finally {
      dispatch({ type: "busy", busy: null });
    }
  }, [current, dispatch, pipelineId]);

  const run = useCallback(async (backend: RunBackend = "") => {
    dispatch({ type: "busy", busy: "run" });
    const graph = current();
    try {
      if (canEdit) {
        dispatch({ type: "status", message: "Saving the draft and its version before running…" });
        if (!(await saveDraft())) return;
        await server.createVersion(pipelineId, "Run from the builder");
      }
      dispatch({ type: "status", message: "Starting a run…" });
      const started = await server.run(pipelineId, backend);
      const status = started.status as string;
      const steps = Object.fromEntries(graph.nodes.map((n) => [n.key, { status: "pending" }]));
      dispatch({ type: "run-started", execution: { id: started.id, status, steps }, status: `Execution #${started.id} ${status}.` });
      follow(started.id);
    } catch (error) {
      dispatch(failure(error, "Running", graph));
    } finally {
      dispatch({ type: "busy", busy: null });
    }
  }, [canEdit, current, dispatch, follow, pipelineId, saveDraft]);

  return { save, saveVersion, runDry, run };
}
