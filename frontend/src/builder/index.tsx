// builder.js: on #builder-root (see templates/pipelines/builder.html), sends the builder's first two
// requests (boot.ts), then loads the builder itself (main.tsx, a chunk of its own) and mounts it: the
// server answers while the browser fetches and compiles the builder's code, instead of after.
import "@xyflow/react/dist/style.css";
import "../flow/flow.css";
import "./builder.css";
import { BOOT_SMALL_SCREEN, startLoad } from "./boot";

/** Loaded as an async module (the template), builder.js runs as soon as it has arrived, before app.js
 * (the page's other module, 900 kB) has run and the document has finished: the requests go at once,
 * and the builder mounts once the document is ready, as it did. */
function boot(root: HTMLElement): void {
  const pipelineId = Number(root.dataset.pipelineId);
  if (!Number.isInteger(pipelineId)) {
    root.textContent = "The builder needs data-pipeline-id.";
    return;
  }
  const small = Boolean(window.matchMedia?.(BOOT_SMALL_SCREEN).matches);
  const early = small ? null : startLoad(pipelineId);
  const ready = new Promise<void>((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
    else resolve();
  });
  Promise.all([import("./main"), ready])
    .then(([{ mount }]) => mount(root, pipelineId, small, early))
    .catch((error: unknown) => {
      root.textContent = `The builder could not load: ${error instanceof Error ? error.message : String(error)}`;
    });
}

const root = document.getElementById("builder-root");
if (root) boot(root);
else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => {
    const late = document.getElementById("builder-root");
    if (late) boot(late);
  }, { once: true });
}
