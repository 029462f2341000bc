// The minimap of the builder and the DAG island: bottom-right, pannable and zoomable, with a button that
// hides or shows it. fitView leaves room for it (FIT_PADDING), so a fitted graph never lies under it.
//
// React Flow's <MiniMap> draws one React component per node: moving 2,000 selected nodes re-rendered
// 2,000 of them, most of the frame. This one draws every node as one SVG path (and the selected ones
// as a second), rebuilt in a deferred render, with React Flow's own pan and zoom of the minimap
// (XYMinimap) and its class names and colours (style.css).
import { Panel, useStore, useStoreApi, type ReactFlowState } from "@xyflow/react";
import { XYMinimap, type XYMinimapInstance } from "@xyflow/system";
import { useDeferredValue, useEffect, useMemo, useRef, useState } from "react";

export const MINIMAP_WIDTH = 160;
export const MINIMAP_HEIGHT = 110;
const MARGIN = 15; // React Flow's panel margin
const OFFSET_SCALE = 5;

/** fitView padding in pixels: the minimap's column on the right, the zoom controls' on the left. */
export const FIT_PADDING = {
  top: "24px",
  bottom: "24px",
  left: "56px",
  right: `${MINIMAP_WIDTH + 2 * MARGIN + 8}px`,
} as const;

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Drawn {
  all: string;
  selected: string;
  bounds: Rect | null;
}

type Lookup = ReactFlowState["nodeLookup"];

/** Every shown node as one path ("M x y h w v h h -w z" per node), the selected ones as another, and
 * the box around them: linear in the nodes, one DOM attribute each. */
export function drawNodes(lookup: Lookup): Drawn {
  const all: string[] = [];
  const selected: string[] = [];
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const node of lookup.values()) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    const w = node.measured?.width ?? node.width ?? node.initialWidth ?? 0;
    const h = node.measured?.height ?? node.height ?? node.initialHeight ?? 0;
    if (!w || !h) continue;
    const d = `M${Math.round(x)} ${Math.round(y)}h${Math.round(w)}v${Math.round(h)}h${-Math.round(w)}z`;
    (node.selected ? selected : all).push(d);
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x + w);
    y2 = Math.max(y2, y + h);
  }
  const bounds = x1 === Infinity ? null : { x: x1, y: y1, width: x2 - x1, height: y2 - y1 };
  return { all: all.join(""), selected: selected.join(""), bounds };
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

const selectNodes = (s: ReactFlowState) => s.nodes;
const selectView = (s: ReactFlowState) => `${s.transform.join(",")}|${s.width}|${s.height}`;

function PathMinimap({ label }: { label: string }) {
  const store = useStoreApi();
  const svg = useRef<SVGSVGElement>(null);
  const minimap = useRef<XYMinimapInstance | undefined>(undefined);
  // The nodes change with every move; the paths follow in a render of their own.
  const nodes = useDeferredValue(useStore(selectNodes));
  useStore(selectView); // re-render when the viewport moves
  const panZoom = useStore((s) => s.panZoom);
  const translateExtent = useStore((s) => s.translateExtent);
  const flowWidth = useStore((s) => s.width);
  const flowHeight = useStore((s) => s.height);
  // React Flow rebuilds its node lookup in place whenever `nodes` changes: `nodes` is the dependency.
  const drawn = useMemo(() => drawNodes(store.getState().nodeLookup), [nodes, store]);

  const { transform, width: paneWidth, height: paneHeight } = store.getState();
  const [tx, ty, zoom] = transform;
  const view: Rect = { x: -tx / zoom, y: -ty / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
  const box = drawn.bounds ? union(drawn.bounds, view) : view;
  const viewScale = Math.max(box.width / MINIMAP_WIDTH, box.height / MINIMAP_HEIGHT);
  const viewWidth = viewScale * MINIMAP_WIDTH;
  const viewHeight = viewScale * MINIMAP_HEIGHT;
  const offset = OFFSET_SCALE * viewScale;
  const x = box.x - (viewWidth - box.width) / 2 - offset;
  const y = box.y - (viewHeight - box.height) / 2 - offset;
  const width = viewWidth + offset * 2;
  const height = viewHeight + offset * 2;
  const viewScaleRef = useRef(viewScale);
  viewScaleRef.current = viewScale;

  useEffect(() => {
    if (!svg.current || !panZoom) return;
    minimap.current = XYMinimap({
      domNode: svg.current,
      panZoom,
      getTransform: () => store.getState().transform,
      getViewScale: () => viewScaleRef.current,
    });
    return () => minimap.current?.destroy();
  }, [panZoom, store]);

  useEffect(() => {
    minimap.current?.update({
      translateExtent,
      width: flowWidth,
      height: flowHeight,
      pannable: true,
      zoomable: true,
      zoomStep: 1,
    });
  }, [panZoom, translateExtent, flowWidth, flowHeight]);

  return (
    <Panel position="bottom-right" className="react-flow__minimap sluice-minimap" style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT }}>
      <svg
        width={MINIMAP_WIDTH}
        height={MINIMAP_HEIGHT}
        viewBox={`${x} ${y} ${width} ${height}`}
        className="react-flow__minimap-svg"
        role="img"
        aria-label={label}
        ref={svg}
      >
        <title>{label}</title>
        <path className="react-flow__minimap-node" d={drawn.all} />
        <path className="react-flow__minimap-node selected" d={drawn.selected} />
        <path
          className="react-flow__minimap-mask"
          d={`M${x - offset},${y - offset}h${width + offset * 2}v${height + offset * 2}h${-width - offset * 2}z
        M${view.x},${view.y}h${view.width}v${view.height}h${-view.width}z`}
          fillRule="evenodd"
          pointerEvents="none"
        />
      </svg>
    </Panel>
  );
}

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
      {shown ? <PathMinimap label={label} /> : null}
    </>
  );
}
