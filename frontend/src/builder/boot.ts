// What builder.js does before the builder's code has loaded: it sends the two requests the first render
// waits for (the node types and the pipeline's draft graph), so the server answers while the browser
// fetches and compiles the builder (a chunk of its own, main.tsx). Imported by index.tsx alone, with
// nothing of the builder's at run time: a module the chunk shared with the entry would be imported by
// the chunk from "builder.js", a second copy of the entry where the page loads it under its hashed name.
import type { ApiPath } from "../api/endpoints";

/** The small screen's query (SmallScreen.tsx SMALL_SCREEN, the same text: a test holds them equal). */
export const BOOT_SMALL_SCREEN = "(max-width: 767.98px)";

// Paths of the OpenAPI document (typed: a path the server no longer serves fails the typecheck).
const NODE_TYPES: ApiPath = "/api/node-types/";
const GRAPH: ApiPath = "/api/pipelines/{id}/graph/";

/** The answers of the two GETs as fetch gives them (main.tsx reads them with flow/api.ts answer()). */
export interface EarlyLoad {
  types: Promise<Response>;
  graph: Promise<Response>;
}

const get = (url: string) => fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });

export function startLoad(pipelineId: number): EarlyLoad {
  const early = { types: get(NODE_TYPES), graph: get(GRAPH.replace("{id}", encodeURIComponent(String(pipelineId)))) };
  // The builder reports a failure when it takes them; until then a rejection is not unhandled.
  early.types.catch(() => undefined);
  early.graph.catch(() => undefined);
  return early;
}
