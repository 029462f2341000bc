// The bottom panel: problems (validation and server errors), dry-run previews, the profile and the column
// lineage of the selected node, the last run.
import { memo, useRef } from "react";
import type { ExecutionState } from "../flow/execution";
import type { ApiGraph, DryRunNode, DryRunResult, Problem } from "../flow/types";
import { LineageTab, ProfileTab } from "./DataPanels";
import { TestsPanel } from "./TestsPanel";

import type { Tab } from "./state";
export type { Tab };

function PreviewTable({ nodeKey, port, rows, schema }: {
  nodeKey: string;
  port: string;
  rows: Array<Record<string, unknown>>;
  schema: Record<string, string>;
}) {
  const columns = Object.keys(schema).length ? Object.keys(schema) : Object.keys(rows[0] ?? {});
  return (
    <div className="table-responsive sluice-preview-table" tabIndex={0} role="region" aria-label={`Rows of ${nodeKey} (${port})`}>
      <table className="table table-sm table-striped mb-2">
        <caption className="small">
          Preview of {nodeKey} ({port}): first {rows.length} row{rows.length === 1 ? "" : "s"}
        </caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
                <span className="d-block fw-normal text-body-secondary small">{schema[c] ?? ""}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {columns.map((c) => (
                <td key={c}>{row[c] === null || row[c] === undefined ? <em className="text-body-secondary">null</em> : typeof row[c] === "object" ? JSON.stringify(row[c]) : String(row[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DryRunNodeCard({ nodeKey, node }: { nodeKey: string; node: DryRunNode }) {
  const ports = Object.keys(node.preview ?? {});
  const ok = node.status === "ok";
  return (
    <article className="sluice-preview-node card mb-2" data-preview-node={nodeKey}>
      <div className="card-body p-2">
        <h3 className="h6 mb-1 d-flex gap-2 align-items-center">
          <code>{nodeKey}</code>
          <span className={`badge ${ok ? "status-succeeded" : "status-failed"}`}>{node.status}</span>
          {Object.entries(node.rows ?? {}).map(([port, n]) => (
            <span key={port} className="small fw-normal">
              {port}: {n.toLocaleString("en-US")} row{n === 1 ? "" : "s"}
            </span>
          ))}
          {typeof node.would_write === "number" ? (
            <span className="small fw-normal">would write {node.would_write.toLocaleString("en-US")}</span>
          ) : null}
          {typeof node.duration_ms === "number" ? (
            <span className="small fw-normal text-body-secondary">{node.duration_ms} ms</span>
          ) : null}
        </h3>
        {node.error ? (
          <p className="text-danger small mb-1" role="alert">
            {node.error}
          </p>
        ) : null}
        {ports.map((port) => (
          <PreviewTable
            key={port}
            nodeKey={nodeKey}
            port={port}
            rows={node.preview[port] ?? []}
            schema={node.schema?.[port] ?? {}}
          />
        ))}
      </div>
    </article>
  );
}

interface Props {
  tab: Tab;
  onTab: (tab: Tab) => void;
  problems: Problem[];
  /** Validation's warnings: listed under the problems, never blocking (a click selects the node too). */
  warnings?: Problem[];
  validating: boolean;
  onProblem: (problem: Problem) => void;
  dryRun: DryRunResult | null;
  order: string[];
  execution: ExecutionState | null;
  executionUrl: string | null;
  /** The Tests tab's pipeline; without one the tab is not shown. */
  tests?: { pipelineId: number; canRun: boolean; dirty: boolean };
  /** The Profile and Lineage tabs: the editor's graph, its schemas and the selected node. */
  data?: {
    pipelineId: number;
    graph: ApiGraph;
    node: string | null;
    schemas: Record<string, Record<string, Record<string, string>>> | undefined;
    dirty: boolean;
    onSelect: (key: string) => void;
  };
}

/** How many warnings the list draws (a 2,000-node graph may have hundreds; each also shows on its node). */
export const WARNINGS_SHOWN = 200;

/** Validation's warnings. Memoised on the list: the panel re-renders with every edit of the canvas, the
 * list only when a validation answers. */
const WarningList = memo(function WarningList({ warnings, onProblem }: { warnings: Problem[]; onProblem: { current: (problem: Problem) => void } }) {
  return (
    <section className="sluice-warnings m-1" aria-labelledby="bottom-warnings-title">
      <h3 id="bottom-warnings-title" className="h6 small mb-1">
        Warnings ({warnings.length}): these do not stop saving or running
      </h3>
      <ul className="list-unstyled m-0" aria-label="Warnings">
        {warnings.slice(0, WARNINGS_SHOWN).map((w, i) => (
          <li key={i}>
            <button type="button" className="btn btn-link btn-sm text-start p-0 sluice-warning-item" onClick={() => onProblem.current(w)}>
              <span className="badge sluice-node-warning me-1">warning</span>
              {w.node ? <code className="me-1">{w.node}</code> : null}
              {w.message}
            </button>
          </li>
        ))}
        {warnings.length > WARNINGS_SHOWN ? (
          <li className="small text-body-secondary">and {warnings.length - WARNINGS_SHOWN} more, each on its node</li>
        ) : null}
      </ul>
    </section>
  );
});

export function BottomPanel({ tab, onTab, problems, warnings = [], validating, onProblem, dryRun, order, execution, executionUrl, tests, data }: Props) {
  const problemRef = useRef(onProblem);
  problemRef.current = onProblem;
  const tabs: Array<[Tab, string]> = [
    ["problems", `Problems (${problems.length})${warnings.length ? ` · ${warnings.length} warning${warnings.length === 1 ? "" : "s"}` : ""}`],
    ["preview", "Dry-run preview"],
  ];
  if (data) tabs.push(["profile", "Profile"], ["lineage", "Lineage"]);
  tabs.push(["run", execution ? `Run #${execution.id}` : "Run"]);
  if (tests) tabs.push(["tests", "Tests"]);
  const dryKeys = dryRun
    ? [...order.filter((k) => k in dryRun.nodes), ...Object.keys(dryRun.nodes).filter((k) => !order.includes(k))]
    : [];
  return (
    <section className="sluice-bottom" aria-label="Problems, previews and runs" data-tour="bottom-panel">
      <div className="nav nav-tabs" role="tablist">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            id={`bottom-tab-${id}`}
            type="button"
            role="tab"
            className={`nav-link py-1 ${tab === id ? "active" : ""}`}
            aria-selected={tab === id}
            aria-controls={`bottom-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => onTab(id)}
            onKeyDown={(e) => {
              const i = tabs.findIndex(([t]) => t === id);
              if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
                const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length][0];
                onTab(next);
                document.getElementById(`bottom-tab-${next}`)?.focus();
              }
            }}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="sluice-bottom-body">
        {tab === "problems" ? (
          <div id="bottom-panel-problems" role="tabpanel" aria-labelledby="bottom-tab-problems" tabIndex={0}>
            {problems.length === 0 ? (
              <p className="small text-body-secondary m-2">
                {validating ? "Checking the graph…" : "No problems: the graph is valid."}
              </p>
            ) : (
              <ul className="list-unstyled m-0 sluice-problems" aria-label="Problems">
                {problems.map((p, i) => (
                  <li key={i}>
                    <button type="button" className="btn btn-link btn-sm text-start text-danger p-0" onClick={() => onProblem(p)}>
                      {p.node ? <code className="me-1">{p.node}</code> : null}
                      {p.field ? <span className="text-body-secondary me-1">{p.field}:</span> : null}
                      {p.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {warnings.length ? <WarningList warnings={warnings} onProblem={problemRef} /> : null}
          </div>
        ) : null}
        {tab === "preview" ? (
          <div id="bottom-panel-preview" role="tabpanel" aria-labelledby="bottom-tab-preview" tabIndex={0}>
            {!dryRun ? (
              <p className="small text-body-secondary m-2">Press “Dry-run” to try the graph on a sample; nothing is written.</p>
            ) : (
              <>
                <p className="small m-1">
                  Sample of {dryRun.sample_rows} rows per source
                  {typeof dryRun.duration_ms === "number" ? `, ${dryRun.duration_ms} ms` : ""}.
                  {dryRun.valid ? "" : " The graph has problems; nodes that depend on them did not run."}
                </p>
                {dryKeys.length === 0 ? <p className="small m-1">No node ran.</p> : null}
                {dryKeys.map((key) => (
                  <DryRunNodeCard key={key} nodeKey={key} node={dryRun.nodes[key]} />
                ))}
              </>
            )}
          </div>
        ) : null}
        {tab === "profile" && data ? (
          <div id="bottom-panel-profile" role="tabpanel" aria-labelledby="bottom-tab-profile" tabIndex={0}>
            <ProfileTab key={data.node ?? ""} pipelineId={data.pipelineId} graph={data.graph} node={data.node} schemas={data.schemas} />
          </div>
        ) : null}
        {tab === "lineage" && data ? (
          <div id="bottom-panel-lineage" role="tabpanel" aria-labelledby="bottom-tab-lineage" tabIndex={0}>
            <LineageTab
              key={data.node ?? ""}
              pipelineId={data.pipelineId}
              node={data.node}
              schemas={data.schemas}
              dirty={data.dirty}
              onSelect={data.onSelect}
            />
          </div>
        ) : null}
        {tab === "run" ? (
          <div id="bottom-panel-run" role="tabpanel" aria-labelledby="bottom-tab-run" tabIndex={0}>
            {!execution ? (
              <p className="small text-body-secondary m-2">Press “Run” to run the pipeline; its nodes show each step's status live.</p>
            ) : (
              <div className="m-1 small">
                <p className="mb-1">
                  Execution #{execution.id}: <span className={`badge status-${execution.status}`}>{execution.status}</span>{" "}
                  {executionUrl ? <a href={executionUrl}>Open execution #{execution.id}</a> : null}
                </p>
                {execution.error ? <p className="text-danger mb-1">{execution.error}</p> : null}
                <ul className="list-inline mb-0">
                  {Object.entries(execution.steps).map(([key, step]) => (
                    <li key={key} className="list-inline-item">
                      <code>{key}</code> <span className={`badge status-${step.status}`}>{step.status}</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        ) : null}
        {tab === "tests" && tests ? (
          <div id="bottom-panel-tests" role="tabpanel" aria-labelledby="bottom-tab-tests" tabIndex={0}>
            <TestsPanel {...tests} />
          </div>
        ) : null}
      </div>
    </section>
  );
}
