// Live validation: the graph is sent to the server a moment after the last edit that changes it, or
// at once from the toolbar's "Validate" button.
import { useCallback, useEffect, useRef, type Dispatch } from "react";
import { ApiError } from "../flow/api";
import { fieldErrorsToProblems } from "../flow/problems";
import type { ApiGraph } from "../flow/types";
import { server } from "./server";
import type { Action } from "./state";

export const VALIDATE_DELAY_MS = 400;

/** Validates `graph` whenever `graphKey` (the graph without positions) changes, once types are loaded:
 * moving a node does not re-validate. An answer to an older graph is dropped. Returns "validate now". */
export function useValidation(
  pipelineId: number,
  ready: boolean,
  graph: ApiGraph,
  graphKey: string,
  dispatch: Dispatch<Action>,
): () => void {
  const sequence = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  const latest = useRef(graph);
  latest.current = graph;

  const request = useCallback(
    (seq: number, snapshot: ApiGraph) => {
      server
        .validate(pipelineId, snapshot)
        .then((validation) => {
          if (seq === sequence.current) dispatch({ type: "validated", validation });
        })
        .catch((error: unknown) => {
          if (seq !== sequence.current) return;
          const problems =
            error instanceof ApiError && error.status === 400
              ? fieldErrorsToProblems(error.fields, snapshot)
              : [{ node: null, field: null, code: "network", message: (error as Error).message }];
          dispatch({ type: "validation-failed", problems });
        });
    },
    [pipelineId, dispatch],
  );

  useEffect(() => {
    if (!ready) return;
    const seq = ++sequence.current;
    const snapshot = latest.current;
    dispatch({ type: "validating" });
    timer.current = window.setTimeout(() => request(seq, snapshot), VALIDATE_DELAY_MS);
    return () => window.clearTimeout(timer.current);
  }, [graphKey, ready, request, dispatch]);

  return useCallback(() => {
    if (!ready) return;
    window.clearTimeout(timer.current);
    const seq = ++sequence.current;
    dispatch({ type: "validating" });
    request(seq, latest.current);
  }, [ready, request, dispatch]);
}
