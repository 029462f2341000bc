// Following a run: its events over the live socket (execution:<id>, replayed from the start), and,
// while the socket is down, a re-read of the execution on every sluice:refresh (every 30 s).
import { useCallback, useEffect, useRef, type Dispatch } from "react";
import { topics } from "../api/endpoints";
import { isFinished, type ExecutionState } from "../flow/execution";
import { whenLive } from "../livepage";
import { server } from "./server";
import type { Action } from "./state";

/** Returns `follow(id)`: from then on the execution's events update the state (the last one followed). */
export function useExecution(
  pipelineId: number,
  execution: ExecutionState | null,
  dispatch: Dispatch<Action>,
): (id: number) => void {
  const unsubscribe = useRef<(() => void) | null>(null);
  useEffect(() => () => unsubscribe.current?.(), []);

  const follow = useCallback(
    (id: number) => {
      unsubscribe.current?.();
      let cancelled = false;
      unsubscribe.current = () => {
        cancelled = true;
      };
      whenLive().then((live) => {
        if (cancelled) return;
        unsubscribe.current = live.subscribe(
          topics.execution(id),
          (event) => {
            const owner = event.data.pipeline_id;
            if (typeof owner === "number" && owner !== pipelineId) return;
            dispatch({ type: "execution-event", id, event });
          },
          { since: 0 },
        );
      });
    },
    [pipelineId, dispatch],
  );

  const id = execution?.id;
  const finished = execution ? isFinished(execution.status) : true;
  useEffect(() => {
    if (id === undefined || finished) return;
    const onRefresh = () => {
      server
        .execution(id)
        .then((detail) => dispatch({ type: "execution-read", id, detail }))
        .catch(() => undefined);
    };
    document.addEventListener("sluice:refresh", onRefresh);
    return () => document.removeEventListener("sluice:refresh", onRefresh);
  }, [id, finished, dispatch]);

  return follow;
}
