// builder.js: on #builder-root (see templates/pipelines/builder.html), sends the builder's first two
// requests (boot.ts), then loads the builder itself (main.tsx, a chunk of its own) and mounts it: the
// server answers while the browser fetches and compiles the builder's code, instead of after.
import "@xyflow/react/dist/style.css";
import "../flow/flow.css";
import "./builder.css";
import { BOOT_SMALL_SCREEN, startLoad } from "./boot";

function boot(): void {
  const root = document.getElementById("builder-root");
  if (!root) return;
  const pipelineId = Number(root.dataset.pipelineId);
  if (!Number.isInteger(pipelineId)) {
    root.textContent = "The builder needs data-pipeline-id.";
    return;
  }
  const small = Boolean(window.matchMedia?.(BOOT_SMALL_SCREEN).matches);
  const early = small ? null : startLoad(pipelineId);
  import("./main")
    .then(({ mount }) => mount(root, pipelineId, small, early))
    .catch((error: unknown) => {
      root.textContent = `The builder could not load: ${error instanceof Error ? error.message : String(error)}`;
    });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
else boot();
