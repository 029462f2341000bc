// The builder's calls to the API, typed by the OpenAPI document (api/schema.d.ts): a body or an
// answer that no longer matches what the server documents fails `npm run typecheck`.
import { endpoints } from "../api/endpoints";
import type { BodyOf, ResponseOf } from "../api/types";
import { api } from "../flow/api";
import type { ApiGraph, DryRunResult } from "../flow/types";
import { runBody, type RunBackend } from "./backend";

type GraphBody = BodyOf<"/api/pipelines/{id}/graph/", "put">;

/** The editor's graph as the API takes it. fromFlow gives every node a position; the editor's type
 * allows none (a graph made through the API may lack them), the request's does not. */
const asGraphBody = (graph: ApiGraph) => graph as GraphBody;

export const server = {
  nodeTypes: () => api<ResponseOf<"/api/node-types/", "get">>("GET", endpoints.nodeTypes()),

  graph: (pipelineId: number) =>
    api<ResponseOf<"/api/pipelines/{id}/graph/", "get">>("GET", endpoints.pipelineGraph(pipelineId)),

  saveGraph: (pipelineId: number, graph: ApiGraph) =>
    api<ResponseOf<"/api/pipelines/{id}/graph/", "put">>("PUT", endpoints.pipelineGraph(pipelineId), asGraphBody(graph)),

  validate: (pipelineId: number, graph: ApiGraph) => {
    const body: BodyOf<"/api/pipelines/{id}/validate/", "post"> = { graph: asGraphBody(graph) };
    return api<ResponseOf<"/api/pipelines/{id}/validate/", "post">>("POST", endpoints.validatePipeline(pipelineId), body);
  },

  // The document gives the dry-run's answer as a bare object (and its sample sizes as required
  // though they have defaults): DryRunResult (flow/types.ts) is its shape, docs/api.md its story.
  dryRun: (pipelineId: number, graph: ApiGraph) => {
    const body: Pick<BodyOf<"/api/pipelines/{id}/dry-run/", "post">, "graph"> = { graph };
    return api<DryRunResult>("POST", endpoints.dryRun(pipelineId), body);
  },

  // The profile of a port of the dry run of the editor's graph (docs/profiling.md).
  dryRunProfile: (pipelineId: number, graph: ApiGraph, node: string, port: string | null) => {
    const body: BodyOf<"/api/pipelines/{id}/dry-run/profile/", "post"> = { node, graph, sample_rows: 1000, ...(port ? { port } : {}) };
    return api<ResponseOf<"/api/pipelines/{id}/dry-run/profile/", "post">>("POST", endpoints.dryRunProfile(pipelineId), body);
  },

  // Where a column of the saved draft comes from and what it feeds (docs/lineage.md).
  columnLineage: (pipelineId: number, node: string, column: string) =>
    api<ResponseOf<"/api/pipelines/{id}/lineage/", "get">>("GET", endpoints.columnLineage(pipelineId, node, column)),

  createVersion: (pipelineId: number, message: string) => {
    const body: BodyOf<"/api/pipelines/{id}/versions/", "post"> = { message };
    return api<ResponseOf<"/api/pipelines/{id}/versions/", "post", 201>>("POST", endpoints.versions(pipelineId), body);
  },

  /** Starts a run of the current version, on `backend` ("" the pipeline's own). */
  run: (pipelineId: number, backend: RunBackend = "") => {
    const body: BodyOf<"/api/pipelines/{id}/run/", "post"> = runBody(backend);
    return api<ResponseOf<"/api/pipelines/{id}/run/", "post", 202>>("POST", endpoints.run(pipelineId), body);
  },

  tests: (pipelineId: number) =>
    api<ResponseOf<"/api/pipelines/{id}/tests/", "get">>("GET", endpoints.pipelineTests(pipelineId)),

  runTests: (pipelineId: number) => {
    const body: BodyOf<"/api/pipelines/{id}/test/", "post"> = {};
    return api<ResponseOf<"/api/pipelines/{id}/test/", "post">>("POST", endpoints.runTests(pipelineId), body);
  },

  execution: (executionId: number) =>
    api<ResponseOf<"/api/executions/{id}/", "get">>("GET", endpoints.execution(executionId)),
};
