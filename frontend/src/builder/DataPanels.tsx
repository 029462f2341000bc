// The bottom panel's Profile and Lineage tabs (docs/profiling.md, docs/lineage.md): the profile of a port
// of the selected node on a dry-run sample of the editor's graph, and where a column of the selected node
// comes from and what it feeds (from the saved draft).
import { useState } from "react";
import type { ApiSchemas } from "../api/types";
import { ApiError } from "../flow/api";
import type { ApiGraph } from "../flow/types";
import { server } from "./server";

type Profile = ApiSchemas["ProfileOutput"];
type Column = ApiSchemas["ColumnProfileOutput"];
type Lineage = ApiSchemas["ColumnLineageOutput"];
type Schemas = Record<string, Record<string, Record<string, string>>> | undefined;

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

const figure = (v: unknown) =>
  v === null || v === undefined ? "–" : typeof v === "number" ? Number(v.toPrecision(4)).toString() : String(v);

/** Bars of a histogram as SVG rectangles (each titled with its range and count). */
export function bars(h: Column["histogram"], width = 120, height = 28) {
  if (!h || !h.counts.length) return [];
  const top = Math.max(...h.counts) || 1;
  const w = width / h.counts.length;
  return h.counts.map((count, i) => {
    const bar = (height * count) / top;
    const title = `${figure(h.edges[i])} – ${figure(h.edges[Math.min(i + 1, h.edges.length - 1)])}: ${count}`;
    return { x: i * w, y: height - bar, width: Math.max(w - 1, 1), height: bar, title };
  });
}

function Histogram({ column }: { column: Column }) {
  const shapes = bars(column.histogram);
  if (!shapes.length) return <>–</>;
  const label = `Histogram of ${column.histogram?.of === "length" ? "lengths" : "values"}: ${shapes.map((b) => b.title).join(", ")}`;
  return (
    <svg width={120} height={28} viewBox="0 0 120 28" role="img" aria-label={label} className="text-primary">
      {shapes.map((b, i) => (
        <rect key={i} x={b.x} y={b.y} width={b.width} height={b.height} fill="currentColor">
          <title>{b.title}</title>
        </rect>
      ))}
    </svg>
  );
}

export function ProfileTable({ profile, label }: { profile: Profile; label: string }) {
  return (
    <div className="table-responsive" tabIndex={0} role="region" aria-label={`Profile of ${label}`}>
      <p className="small m-1">
        {profile.rows} rows{profile.sampled ? `, sampled: ${profile.rows_profiled} profiled` : ""}, {profile.elapsed_ms} ms
        {profile.truncated ? ", time limit reached" : ""}.
      </p>
      <table className="table table-sm small mb-1">
        <caption className="visually-hidden">Profile of {label}, one row per column</caption>
        <thead>
          <tr>
            <th scope="col">Column</th><th scope="col">Nulls</th><th scope="col">Distinct</th><th scope="col">Min / max</th>
            <th scope="col">Mean</th><th scope="col">Top values</th><th scope="col">Histogram</th>
          </tr>
        </thead>
        <tbody>
          {profile.columns.map((c) => (
            <tr key={c.name} data-profile-column={c.name}>
              <th scope="row" className="fw-normal"><code>{c.name}</code> <span className="text-body-secondary">{c.dtype}</span></th>
              <td>{c.nulls} ({(100 * c.null_rate).toFixed(1)} %)</td>
              <td>{c.distinct === null ? "–" : `${c.distinct_exact ? "" : "≈ "}${c.distinct}`}</td>
              <td>{c.min === undefined || c.min === null ? "–" : `${figure(c.min)} – ${figure(c.max)}`}</td>
              <td>{figure(c.mean)}</td>
              <td>{(c.top ?? []).slice(0, 3).map((t) => `${figure(t.value)} × ${t.count}`).join(", ") || "–"}</td>
              <td><Histogram column={c} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ProfileProps {
  pipelineId: number;
  graph: ApiGraph;
  node: string | null;
  schemas: Schemas;
}

export function ProfileTab({ pipelineId, graph, node, schemas }: ProfileProps) {
  const ports = node ? Object.keys(schemas?.[node] ?? {}).filter((p) => !p.startsWith("in:")) : [];
  const [port, setPort] = useState<string>("");
  const [result, setResult] = useState<{ profile: Profile; label: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!node) return <p className="small text-body-secondary m-2">Select a node to profile its output on a dry-run sample.</p>;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await server.dryRunProfile(pipelineId, graph, node, port || null);
      setResult({ profile: answer.profile, label: `${answer.node_key} (${answer.port})` });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="m-1">
      <div className="d-flex gap-2 align-items-center mb-1">
        <span className="small">Node <code>{node}</code></span>
        {ports.length > 1 ? (
          <select className="form-select form-select-sm w-auto" aria-label="Output port" value={port} onChange={(e) => setPort(e.target.value)}>
            <option value="">first port</option>
            {ports.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        ) : null}
        <button type="button" className="btn btn-sm btn-outline-primary" disabled={busy} onClick={run}>
          {busy ? "Profiling…" : "Profile"}
        </button>
      </div>
      {error ? <p className="text-danger small mb-1" role="alert">{error}</p> : null}
      {result ? <ProfileTable profile={result.profile} label={result.label} /> : null}
    </div>
  );
}

interface LineageProps {
  pipelineId: number;
  node: string | null;
  schemas: Schemas;
  dirty: boolean;
  onSelect: (key: string) => void;
}

function ColumnList({ title, items, onSelect }: { title: string; items: Lineage["upstream"]; onSelect: (key: string) => void }) {
  return (
    <div className="col">
      <h3 className="h6 small fw-semibold">{title}</h3>
      {items.length === 0 ? <p className="small text-body-secondary">None.</p> : (
        <ul className="list-unstyled small mb-0" aria-label={title}>
          {items.map((c) => (
            <li key={`${c.node}.${c.port}.${c.column}`}>
              <button type="button" className="btn btn-link btn-sm p-0" onClick={() => onSelect(c.node)}>
                <code>{c.node}</code>.{c.column}
              </button>
              <span className="text-body-secondary"> ({c.distance} away)</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function LineageTab({ pipelineId, node, schemas, dirty, onSelect }: LineageProps) {
  const [column, setColumn] = useState("");
  const [result, setResult] = useState<Lineage | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!node) return <p className="small text-body-secondary m-2">Select a node, then one of its columns.</p>;
  const ports = schemas?.[node] ?? {};
  const names = [...new Set(Object.entries(ports).filter(([p]) => !p.startsWith("in:") || p === "in:in").flatMap(([, s]) => Object.keys(s)))];
  const show = async (name: string) => {
    setColumn(name);
    setError(null);
    setResult(null);
    if (!name) return;
    try {
      setResult(await server.columnLineage(pipelineId, node, name));
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="m-1">
      <div className="d-flex gap-2 align-items-center mb-1">
        <label className="small" htmlFor="lineage-column">Column of <code>{node}</code></label>
        <select id="lineage-column" className="form-select form-select-sm w-auto" value={column} onChange={(e) => void show(e.target.value)}>
          <option value="">choose…</option>
          {names.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        {dirty ? <span className="small text-body-secondary">Lineage of the saved draft: save to include your edits.</span> : null}
      </div>
      {error ? <p className="text-danger small mb-1" role="alert">{error}</p> : null}
      {result ? (
        <div className="row" data-lineage-result>
          <ColumnList title="Comes from" items={result.upstream} onSelect={onSelect} />
          <ColumnList title="Feeds" items={result.downstream} onSelect={onSelect} />
        </div>
      ) : null}
    </div>
  );
}
