// The bottom panel's Tests tab: the pipeline's tests with their last result, a Run button (editors) and,
// after a run, what differs for each test that failed (docs/testing-pipelines.md). Tests run over the
// saved draft, so unsaved edits are not tested: the panel says so.
import { useCallback, useEffect, useState } from "react";
import type { ApiSchemas } from "../api/types";
import { ApiError } from "../flow/api";
import { server } from "./server";

type Summary = ApiSchemas["TestSummaryOutput"];
type RunResult = ApiSchemas["TestRunOutput"];
type TestResult = ApiSchemas["TestResultOutput"];

/** One output's diff as the server computes it (pipelines/testing/compare.py). */
export interface OutputDiff {
  passed: boolean;
  rows: number;
  expected_rows: number;
  schema: { missing_columns: string[]; extra_columns: string[]; types: Array<{ column: string; expected: string; actual: string }> };
  missing_rows: Array<Record<string, unknown>>;
  extra_rows: Array<Record<string, unknown>>;
  changed: Array<{ row: number; column: string; expected: unknown; actual: unknown }>;
  counts: { missing: number; extra: number; changed_rows: number };
}

const BADGE: Record<string, string> = { passed: "status-succeeded", failed: "status-failed", error: "status-failed" };

const show = (row: Record<string, unknown>) =>
  Object.entries(row)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ");

/** The lines of one output's diff: - missing rows, + extra rows, ~ changed cells. */
export function diffLines(target: string, diff: OutputDiff): string[] {
  const lines = [`${target}: ${diff.rows} rows, expected ${diff.expected_rows}`];
  if (diff.schema.missing_columns.length) lines.push(`missing columns: ${diff.schema.missing_columns.join(", ")}`);
  if (diff.schema.extra_columns.length) lines.push(`extra columns: ${diff.schema.extra_columns.join(", ")}`);
  diff.schema.types.forEach((t) => lines.push(`column ${t.column}: type ${t.actual}, expected ${t.expected}`));
  diff.missing_rows.forEach((r) => lines.push(`- ${show(r)}`));
  diff.extra_rows.forEach((r) => lines.push(`+ ${show(r)}`));
  diff.changed.forEach((c) =>
    lines.push(`~ row ${c.row}: ${c.column} = ${JSON.stringify(c.actual)}, expected ${JSON.stringify(c.expected)}`),
  );
  return lines;
}

function ResultDetails({ result }: { result: TestResult }) {
  const outputs = (result.outputs ?? {}) as Record<string, OutputDiff>;
  const failing = Object.entries(outputs).filter(([, d]) => !d.passed);
  return (
    <div className="small">
      {result.error ? <p className="text-danger mb-1">{result.error}</p> : null}
      {failing.map(([target, diff]) => (
        <pre key={target} className="sluice-test-diff mb-1 p-1 border rounded" tabIndex={0} aria-label={`Diff of ${target}`}>
          {diffLines(target, diff).join("\n")}
        </pre>
      ))}
    </div>
  );
}

interface Props {
  pipelineId: number;
  canRun: boolean;
  dirty: boolean;
}

export function TestsPanel({ pipelineId, canRun, dirty }: Props) {
  const [tests, setTests] = useState<Summary[] | null>(null);
  const [run, setRun] = useState<RunResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setTests((await server.tests(pipelineId)).results);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [pipelineId]);

  useEffect(() => {
    void load();
  }, [load]);

  const onRun = async () => {
    setBusy(true);
    setError(null);
    try {
      setRun(await server.runTests(pipelineId));
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const results = new Map((run?.tests ?? []).map((r) => [r.name, r]));
  return (
    <div className="m-1 small">
      <div className="d-flex gap-2 align-items-center mb-1">
        {canRun ? (
          <button type="button" className="btn btn-outline-primary btn-sm" disabled={busy || !tests?.length} onClick={() => void onRun()}>
            {busy ? "Running tests…" : "Run tests"}
          </button>
        ) : (
          <span className="text-body-secondary">You need the editor role to run the tests.</span>
        )}
        {run ? (
          <span role="status">
            {run.passed} passed, {run.failed} failed, {run.error} error{run.error === 1 ? "" : "s"}
          </span>
        ) : null}
        {dirty ? <span className="text-body-secondary">Tests run over the saved draft: save to test your edits.</span> : null}
      </div>
      {error ? (
        <p className="text-danger mb-1" role="alert">
          {error}
        </p>
      ) : null}
      {tests === null ? <p className="text-body-secondary mb-0">Loading the tests…</p> : null}
      {tests?.length === 0 ? (
        <p className="text-body-secondary mb-0">This pipeline has no tests yet (docs/testing-pipelines.md).</p>
      ) : null}
      <ul className="list-unstyled mb-0" aria-label="Tests">
        {(tests ?? []).map((t) => {
          const status = t.last_status ?? "never";
          const result = results.get(t.name);
          return (
            <li key={t.id} data-test={t.name} className="mb-1">
              <code>{t.name}</code>{" "}
              <span className={`badge ${BADGE[status] ?? "text-bg-secondary"}`}>{status === "never" ? "not run yet" : status}</span>
              {t.last_run_at ? <span className="text-body-secondary ms-1">{new Date(t.last_run_at).toLocaleString()}</span> : null}
              {result && result.status !== "passed" ? <ResultDetails result={result} /> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
