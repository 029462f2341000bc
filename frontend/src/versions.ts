// "current version vN" labels of a pipeline (data-version-of="<pipeline id>"): set when the builder
// saves a version, and from pipeline.versioned events, so a version saved in another tab shows too.
import { isEventOf } from "./api/types";
import type { LiveEvent } from "./live";

export function showVersion(doc: Document, pipelineId: number | string, version: number): void {
  for (const label of doc.querySelectorAll<HTMLElement>(`[data-version-of="${pipelineId}"]`)) {
    label.textContent = `current version v${version}`;
  }
}

export function setupVersionLabels(doc: Document = document): void {
  doc.addEventListener("sluice:event", (e) => {
    const event = (e as CustomEvent<LiveEvent>).detail;
    if (!event || !isEventOf(event, "pipeline.versioned")) return;
    const data = event.data;
    if (typeof data.pipeline_id === "number" && typeof data.version === "number") {
      showVersion(doc, data.pipeline_id, data.version);
    }
  });
}
