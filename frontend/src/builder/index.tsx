// builder.js: mounts the React builder on #builder-root (see templates/pipelines/builder.html).
import "@xyflow/react/dist/style.css";
import "../flow/flow.css";
import "./builder.css";
import { createRoot } from "react-dom/client";
import { Builder } from "./Builder";
import { isSmallScreen, SmallScreenBuilder } from "./SmallScreen";
import { prefetchLoad } from "./useLoad";

function mount(): void {
  const root = document.getElementById("builder-root");
  if (!root) return;
  const data = root.dataset;
  const pipelineId = Number(data.pipelineId);
  if (!Number.isInteger(pipelineId)) {
    root.textContent = "The builder needs data-pipeline-id.";
    return;
  }
  if (isSmallScreen()) {
    createRoot(root).render(<SmallScreenBuilder pipelineId={pipelineId} detailUrl={data.detailUrl ?? ""} />);
    return;
  }
  prefetchLoad(pipelineId);
  createRoot(root).render(
    <Builder
      pipelineId={pipelineId}
      canEdit={data.canEdit === "true"}
      canRun={data.canRun === "true"}
      detailUrl={data.detailUrl ?? ""}
      executionsUrlTemplate={data.executionsUrlTemplate ?? "/executions/0/"}
    />,
  );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
else mount();
