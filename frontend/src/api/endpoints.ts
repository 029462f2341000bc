// Every URL the front-end calls, in one place (docs/api.md, docs/events.md). API paths are the
// templates of the OpenAPI document (openapi.json → schema.d.ts): a path the server no longer
// serves fails `npm run typecheck`.
import type { paths } from "./schema";

export type ApiPath = keyof paths;

/** Fills the `{name}` parameters of an OpenAPI path template. */
export function apiUrl<P extends ApiPath>(template: P, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(params[name]));
  });
}

export const endpoints = {
  nodeTypes: () => apiUrl("/api/node-types/"),
  pipelineGraph: (pipelineId: number) => apiUrl("/api/pipelines/{id}/graph/", { id: pipelineId }),
  validatePipeline: (pipelineId: number) => apiUrl("/api/pipelines/{id}/validate/", { id: pipelineId }),
  dryRun: (pipelineId: number) => apiUrl("/api/pipelines/{id}/dry-run/", { id: pipelineId }),
  dryRunProfile: (pipelineId: number) => apiUrl("/api/pipelines/{id}/dry-run/profile/", { id: pipelineId }),
  columnLineage: (pipelineId: number, node: string, column: string) =>
    `${apiUrl("/api/pipelines/{id}/lineage/", { id: pipelineId })}?${new URLSearchParams({ node, column })}`,
  versions: (pipelineId: number) => apiUrl("/api/pipelines/{id}/versions/", { id: pipelineId }),
  run: (pipelineId: number) => apiUrl("/api/pipelines/{id}/run/", { id: pipelineId }),
  pipelineTests: (pipelineId: number) => apiUrl("/api/pipelines/{id}/tests/", { id: pipelineId }),
  runTests: (pipelineId: number) => apiUrl("/api/pipelines/{id}/test/", { id: pipelineId }),
  execution: (executionId: number) => apiUrl("/api/executions/{id}/", { id: executionId }),
};

/** The live events socket of this page's host (ws: or wss: as the page). */
export function eventsSocketUrl(location: Pick<Location, "protocol" | "host">): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/events/`;
}

/** Event topics (docs/events.md). */
export const topics = {
  execution: (executionId: number) => `execution:${executionId}`,
};
