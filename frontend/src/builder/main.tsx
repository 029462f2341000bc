// The builder's code, loaded by builder.js (index.tsx) once it has sent the first requests (boot.ts).
import { createRoot } from "react-dom/client";
import { parseBackend } from "./backend";
import type { EarlyLoad } from "./boot";
import { Builder } from "./Builder";
import { SmallScreenBuilder } from "./SmallScreen";
import { prefetchLoad } from "./useLoad";

export function mount(root: HTMLElement, pipelineId: number, small: boolean, early: EarlyLoad | null): void {
  const data = root.dataset;
  if (small) {
    createRoot(root).render(<SmallScreenBuilder pipelineId={pipelineId} detailUrl={data.detailUrl ?? ""} />);
    return;
  }
  prefetchLoad(pipelineId, early);
  createRoot(root).render(
    <Builder
      pipelineId={pipelineId}
      canEdit={data.canEdit === "true"}
      canRun={data.canRun === "true"}
      backend={parseBackend(data.backend)}
      detailUrl={data.detailUrl ?? ""}
      executionsUrlTemplate={data.executionsUrlTemplate ?? "/executions/0/"}
    />,
  );
}
