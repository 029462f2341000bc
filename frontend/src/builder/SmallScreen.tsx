// The builder on a small screen (under 768 px wide): editing a graph needs room, so the page says so and
// shows the pipeline's draft read-only, with the DAG island's viewer (pan, zoom, minimap).
import { useEffect, useState } from "react";
import { Dag, type DagDocument } from "../dag/Dag";
import { server } from "./server";

export const SMALL_SCREEN = "(max-width: 767.98px)";

export function isSmallScreen(win: Window = window): boolean {
  return Boolean(win.matchMedia?.(SMALL_SCREEN).matches);
}

export function SmallScreenBuilder({ pipelineId, detailUrl }: { pipelineId: number; detailUrl: string }) {
  const [doc, setDoc] = useState<DagDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    server
      .graph(pipelineId)
      .then((graph) =>
        setDoc({
          nodes: graph.nodes.map((n) => ({ key: n.key, type: n.type, label: n.label, position: n.position })),
          edges: graph.edges,
        }),
      )
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [pipelineId]);
  return (
    <div className="sluice-builder-small" data-ready={doc ? "true" : "false"}>
      <div className="alert alert-info" role="status">
        The builder needs a wider screen (768 px or more) to edit. Here is the pipeline's draft, read-only.{" "}
        {detailUrl ? <a href={detailUrl}>Back to the pipeline</a> : null}
      </div>
      {error ? (
        <p className="alert alert-danger" role="alert">
          The graph could not load: {error}
        </p>
      ) : null}
      {doc ? (
        <div className="dag-root" role="region" aria-label="Pipeline graph (read-only)" style={{ height: "60vh" }}>
          <Dag doc={doc} />
        </div>
      ) : (
        <p className="text-body-secondary">Loading the graph…</p>
      )}
    </div>
  );
}
