// One node on the canvas: family stripe, label, type, ports (with the port's schema on hover),
// status from an execution, row counts, and validation problems. Used by the builder and the DAG.
import { Handle, MarkerType, Position, useUpdateNodeInternals, type DefaultEdgeOptions, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef, useState } from "react";
import type { FlowNode } from "./graph";

type Columns = Record<string, string>;

function SchemaTable({ columns }: { columns: Columns }) {
  return (
    <table>
      <tbody>
        {Object.entries(columns).map(([column, dtype]) => (
          <tr key={column}>
            <td className="pe-2">{column}</td>
            <td className="text-body-secondary">{dtype}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The schemas of a hovered port: ``in:<port>`` / ``<port>`` as validation keys them, or, for an input that
 * takes several edges (a union's), one per edge, keyed ``in:<port>[i]`` in the order of the edges. */
export function portSchemas(schemas: Record<string, Columns> | undefined, key: string): Columns[] {
  if (!schemas) return [];
  if (schemas[key]) return [schemas[key]];
  const each: Columns[] = [];
  for (let i = 0; schemas[`${key}[${i}]`]; i++) each.push(schemas[`${key}[${i}]`]);
  return each;
}

function SchemaPopover({ title, parts }: { title: string; parts: Columns[] }) {
  const shown = parts.filter((columns) => Object.keys(columns).length > 0);
  return (
    <div className="sluice-port-schema" role="tooltip">
      <div className="fw-semibold">{title}</div>
      {shown.length === 0 ? (
        <div className="text-body-secondary">Schema unknown until the graph validates.</div>
      ) : shown.length === 1 ? (
        <SchemaTable columns={shown[0]} />
      ) : (
        shown.map((columns, i) => (
          <div key={i}>
            <div className="text-body-secondary">edge {i + 1}</div>
            <SchemaTable columns={columns} />
          </div>
        ))
      )}
    </div>
  );
}

function portOffset(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

function formatCount(value: unknown): string | null {
  if (typeof value !== "number") return null;
  return value.toLocaleString("en-US");
}

/** The overlay's other metrics (monitoring's DAG: runs, success rate, percentiles, throughput). */
export function formatMetrics(metrics: Record<string, unknown> | null): string[] {
  if (!metrics) return [];
  const out: string[] = [];
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const runs = num(metrics.runs);
  if (runs !== null) out.push(`${runs.toLocaleString("en-US")} run${runs === 1 ? "" : "s"}`);
  const rate = num(metrics.success_rate);
  if (rate !== null) out.push(`${Math.round(rate <= 1 ? rate * 100 : rate)}% ok`);
  const p50 = num(metrics.p50_ms);
  if (p50 !== null) out.push(`p50 ${formatMs(p50)}`);
  const p95 = num(metrics.p95_ms);
  if (p95 !== null) out.push(`p95 ${formatMs(p95)}`);
  const duration = num(metrics.duration_ms);
  if (duration !== null) out.push(formatMs(duration));
  const throughput = num(metrics.throughput_rows_per_s);
  if (throughput !== null) out.push(`${Math.round(throughput).toLocaleString("en-US")} rows/s`);
  const progress = num(metrics.progress);
  if (progress !== null && progress > 0 && progress < 1) out.push(`${Math.round(progress * 100)}%`);
  const attempt = num(metrics.attempt);
  if (attempt !== null && attempt > 1) out.push(`attempt ${attempt}`);
  return out;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

function SluiceNodeView({ data, selected, id }: NodeProps<FlowNode>) {
  const [hovered, setHovered] = useState<string | null>(null);
  // Ports that come and go with the config (a branch's routes, a call's mappings): React Flow measures
  // a node's handles when its size changes, so it is told when they change without it.
  const updateNodeInternals = useUpdateNodeInternals();
  const ports = `${data.inputs.map((p) => p.name).join(",")}|${data.outputs.map((p) => p.name).join(",")}`;
  const measuredPorts = useRef(ports);
  useEffect(() => {
    if (measuredPorts.current === ports) return;
    measuredPorts.current = ports;
    updateNodeInternals(id);
  }, [id, ports, updateNodeInternals]);
  const problems = data.problems ?? [];
  const warnings = data.warnings ?? [];
  const status = data.status ?? null;
  const metrics = data.metrics ?? null;
  const rowsOut = formatCount(metrics?.rows_out);
  const rowsIn = formatCount(metrics?.rows_in);
  const extra = formatMetrics(metrics);
  const classes = ["sluice-node", `family-${data.family}`];
  if (problems.length) classes.push("has-problems");
  if (warnings.length) classes.push("has-warnings");
  if (status) classes.push(`node-status-${status}`);
  if (selected) classes.push("is-selected");
  const describedBy =
    [problems.length ? `node-problems-${id}` : "", warnings.length ? `node-warnings-${id}` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={classes.join(" ")} data-node-key={data.key} data-status={status ?? undefined} aria-describedby={describedBy}>
      {data.inputs.map((port, i) => (
        <Handle
          key={`in-${port.name}`}
          id={port.name}
          type="target"
          position={Position.Left}
          isConnectable={!data.readOnly}
          style={{ top: portOffset(i, data.inputs.length) }}
          className={`sluice-handle ${port.multiple ? "is-multiple" : ""}`}
          data-port={`in:${port.name}`}
          title={`Input ${port.name}${port.multiple ? " (takes several edges)" : ""}`}
          onMouseEnter={() => setHovered(`in:${port.name}`)}
          onMouseLeave={() => setHovered(null)}
        />
      ))}
      <div className="sluice-node-head">
        <span className="sluice-node-label">{data.label || data.key}</span>
        {status ? <span className={`badge status-${status} sluice-node-status`}>{status}</span> : null}
        {warnings.length ? (
          <span className="badge sluice-node-warning" title={warnings.map((w) => w.message).join("\n")}>
            <span aria-hidden="true">⚠ </span>
            {warnings.length === 1 ? "warning" : `${warnings.length} warnings`}
          </span>
        ) : null}
      </div>
      <div className="sluice-node-type">
        {data.title}
        {data.label && data.label !== data.key ? <span className="sluice-node-key"> · {data.key}</span> : null}
      </div>
      {rowsOut !== null || rowsIn !== null ? (
        <div className="sluice-node-metrics">
          {rowsIn !== null ? <span>{rowsIn} in</span> : null}
          {rowsOut !== null ? <span>{rowsOut} out</span> : null}
        </div>
      ) : null}
      {extra.length ? <div className="sluice-node-extra">{extra.join(" · ")}</div> : null}
      {problems.length ? (
        <ul className="sluice-node-problems" id={`node-problems-${id}`}>
          {problems.slice(0, 2).map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
          {problems.length > 2 ? <li>and {problems.length - 2} more</li> : null}
        </ul>
      ) : null}
      {warnings.length ? (
        <ul className="sluice-node-warnings" id={`node-warnings-${id}`} aria-label="Warnings">
          {warnings.slice(0, 1).map((w, i) => (
            <li key={i}>Warning: {w.message}</li>
          ))}
          {warnings.length > 1 ? <li>and {warnings.length - 1} more</li> : null}
        </ul>
      ) : null}
      {data.outputs.map((port, i) => (
        <Handle
          key={`out-${port.name}`}
          id={port.name}
          type="source"
          position={Position.Right}
          isConnectable={!data.readOnly}
          style={{ top: portOffset(i, data.outputs.length) }}
          className="sluice-handle"
          data-port={`out:${port.name}`}
          title={`Output ${port.name}`}
          onMouseEnter={() => setHovered(`out:${port.name}`)}
          onMouseLeave={() => setHovered(null)}
        >
          {data.outputs.length > 1 ? <span className="sluice-port-name">{port.name}</span> : null}
        </Handle>
      ))}
      {hovered ? (
        <SchemaPopover
          title={hovered.startsWith("in:") ? `Input ${hovered.slice(3)}` : `Output ${hovered.slice(4)}`}
          parts={portSchemas(data.schemas, hovered.startsWith("in:") ? hovered : hovered.slice(4))}
        />
      ) : null}
    </div>
  );
}

export const SluiceNode = memo(SluiceNodeView);
export const nodeTypes = { sluice: SluiceNode };

/** Edges end in an arrow so the direction of the data reads without the ports. */
export const EDGE_OPTIONS: DefaultEdgeOptions = {
  markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: "#495057" },
};
