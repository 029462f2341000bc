// The minimap of the builder and the DAG island: bottom-right, pannable and zoomable, with a button that
// hides or shows it. fitView leaves room for it (FIT_PADDING), so a fitted graph never lies under it.
import { MiniMap, Panel } from "@xyflow/react";
import { useState } from "react";

export const MINIMAP_WIDTH = 160;
export const MINIMAP_HEIGHT = 110;
const MARGIN = 15; // React Flow's panel margin

/** fitView padding in pixels: the minimap's column on the right, the zoom controls' on the left. */
export const FIT_PADDING = {
  top: "24px",
  bottom: "24px",
  left: "56px",
  right: `${MINIMAP_WIDTH + 2 * MARGIN + 8}px`,
} as const;

export function FlowMinimap({ label }: { label: string }) {
  const [shown, setShown] = useState(true);
  return (
    <>
      <Panel position="top-right" className="sluice-minimap-toggle">
        <button
          type="button"
          className="btn btn-sm btn-outline-secondary bg-body"
          aria-pressed={shown}
          onClick={() => setShown((s) => !s)}
        >
          {shown ? "Hide minimap" : "Show minimap"}
        </button>
      </Panel>
      {shown ? (
        <MiniMap
          pannable
          zoomable
          position="bottom-right"
          ariaLabel={label}
          style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT }}
          className="sluice-minimap"
        />
      ) : null}
    </>
  );
}
