// The toolbar (undo, redo, layout, save, version, dry-run, run, the saved/valid summary), the
// version form it opens, and the status line (read out to screen readers).
import { useState } from "react";
import { ARRANGEMENTS, type Arrangement } from "./arrange";
import { BACKENDS, backendLabel, DRY_RUN_NOTE, dryRunNote, type Backend, type RunBackend } from "./backend";
import type { Busy } from "./state";
import type { ServerActions } from "./useServerActions";

export interface ToolbarProps {
  canEdit: boolean;
  canRun: boolean;
  /** The pipeline's backend: a run computes there unless the select beside Run names another. */
  backend: Backend;
  canUndo: boolean;
  canRedo: boolean;
  hasNodes: boolean;
  dirty: boolean;
  validating: boolean;
  /** null until the first validation answer. */
  valid: boolean | null;
  problemCount: number;
  /** Validation's warnings (nodes that cannot stream): named, never blocking. */
  warningCount?: number;
  busy: Busy | null;
  status: string;
  onUndo: () => void;
  onRedo: () => void;
  onLayout: () => void;
  onValidate: () => void;
  /** How many nodes are selected (align needs 2, distribute 3). */
  selectedCount: number;
  onArrange: (how: Arrangement) => void;
  onFind: () => void;
  nodeListOpen: boolean;
  onToggleNodeList: () => void;
  onGroup: () => void;
  actions: ServerActions;
}

function summary({ canEdit, dirty, validating, valid, problemCount, warningCount = 0 }: ToolbarProps): string {
  const warned = warningCount && !validating && valid !== null ? `, ${warningCount} warning${warningCount === 1 ? "" : "s"}` : "";
  const check = validating
    ? " · checking…"
    : valid === null
      ? ""
      : valid && problemCount === 0
        ? " · valid"
        : ` · ${problemCount} problem${problemCount === 1 ? "" : "s"}`;
  return `${!canEdit ? "Read-only: you need the editor role to change this pipeline. " : ""}${dirty && canEdit ? "Unsaved changes" : "Saved"}${check}${warned}`;
}

interface VersionFormProps {
  busy: boolean;
  message: string;
  errors: string[];
  onMessage: (message: string) => void;
  onSubmit: () => void;
}

function VersionForm({ busy, message, errors, onMessage, onSubmit }: VersionFormProps) {
  return (
    <form
      id="version-form"
      className="sluice-version-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label htmlFor="version-message" className="form-label small mb-0 me-2">
        Version message
      </label>
      <input
        id="version-message"
        className={`form-control form-control-sm ${errors.length ? "is-invalid" : ""}`}
        value={message}
        maxLength={500}
        aria-describedby={errors.length ? "version-errors" : undefined}
        aria-invalid={errors.length ? true : undefined}
        onChange={(e) => onMessage(e.target.value)}
      />
      <button type="submit" className="btn btn-sm btn-primary" disabled={busy}>
        Create version
      </button>
      {errors.length ? (
        <ul id="version-errors" className="invalid-feedback d-block mb-0 ps-3" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
    </form>
  );
}

/** Align / distribute the selected nodes: a native select, so it is keyboard- and screen-reader-usable
 * as it is; choosing an entry runs it and the select returns to its prompt. */
function ArrangeMenu({ selectedCount, onArrange }: { selectedCount: number; onArrange: (how: Arrangement) => void }) {
  return (
    <select
      className="form-select form-select-sm w-auto"
      aria-label="Align or distribute the selected nodes"
      value=""
      disabled={selectedCount < 2}
      onChange={(e) => {
        if (e.target.value) onArrange(e.target.value as Arrangement);
      }}
    >
      <option value="">Arrange…</option>
      {ARRANGEMENTS.map((a) => (
        <option key={a.value} value={a.value} disabled={selectedCount < a.min}>
          {a.label}
        </option>
      ))}
    </select>
  );
}

export function Toolbar(props: ToolbarProps) {
  const { canEdit, canRun, busy, actions } = props;
  // The form keeps its message and errors while it is hidden.
  const [showVersionForm, setShowVersionForm] = useState(false);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const [runBackend, setRunBackend] = useState<RunBackend>("");
  const note = dryRunNote(runBackend, props.backend);
  const idle = busy === null;
  const saveVersion = async () => {
    setErrors([]);
    const result = await actions.saveVersion(message);
    if (result.saved) {
      setMessage("");
      setShowVersionForm(false);
    } else setErrors(result.errors);
  };
  return (
    <>
      <div className="sluice-toolbar" role="toolbar" aria-label="Builder actions">
        {canEdit ? (
          <>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onUndo} disabled={!props.canUndo} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onRedo} disabled={!props.canRedo} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
              Redo
            </button>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onLayout} disabled={!props.hasNodes}>
              Auto-layout
            </button>
            <ArrangeMenu selectedCount={props.selectedCount} onArrange={props.onArrange} />
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onGroup} disabled={props.selectedCount < 1} title="Put the selected nodes in a named, collapsible group">
              Group
            </button>
            <span className="sluice-toolbar-sep" aria-hidden="true" />
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onValidate} disabled={!props.hasNodes} data-tour="validate" title="Validate the graph now (it is also checked after each change)">
              Validate
            </button>
            <button type="button" className="btn btn-sm btn-primary" onClick={actions.save} disabled={!idle} data-tour="save">
              Save
            </button>
            <button
              type="button"
              className="btn btn-sm btn-outline-primary"
              aria-expanded={showVersionForm}
              aria-controls="version-form"
              onClick={() => setShowVersionForm((v) => !v)}
              disabled={!idle}
            >
              Save as version
            </button>
            <button type="button" className="btn btn-sm btn-outline-dark" onClick={actions.runDry} disabled={!idle || !props.hasNodes} data-tour="dry-run" title={DRY_RUN_NOTE}>
              Dry-run
            </button>
          </>
        ) : null}
        {canRun ? (
          <>
            <label className="visually-hidden" htmlFor="builder-run-backend">
              Backend of this run
            </label>
            <select
              id="builder-run-backend"
              className="form-select form-select-sm w-auto"
              title="Backend of this run"
              value={runBackend}
              onChange={(e) => setRunBackend(e.target.value as RunBackend)}
              disabled={!idle}
              aria-describedby={note ? "builder-backend-note" : undefined}
            >
              <option value="">{backendLabel(props.backend)} (the pipeline's)</option>
              {BACKENDS.map((b) => (
                <option key={b.value} value={b.value}>
                  {b.label}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-sm btn-success" onClick={() => void actions.run(runBackend)} disabled={!idle || !props.hasNodes} data-tour="run">
              Run
            </button>
            {note ? (
              <span id="builder-backend-note" className="small text-body-secondary">
                {note}
              </span>
            ) : null}
          </>
        ) : null}
        <span className="sluice-toolbar-sep" aria-hidden="true" />
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={props.onFind} disabled={!props.hasNodes} title="Find a node (Ctrl+F)">
          Find
        </button>
        <button
          type="button"
          className="btn btn-sm btn-outline-secondary"
          aria-expanded={props.nodeListOpen}
          aria-controls="node-list"
          onClick={props.onToggleNodeList}
        >
          Node list
        </button>
        <span className={`ms-auto small ${props.dirty ? "text-warning-emphasis" : "text-body-secondary"}`}>{summary(props)}</span>
      </div>
      {showVersionForm && canEdit ? (
        <VersionForm busy={!idle} message={message} errors={errors} onMessage={setMessage} onSubmit={() => void saveVersion()} />
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite" id="builder-status">
        {props.status}
      </p>
      <p className="sluice-status small mb-0" aria-hidden="true">
        {busy ? <span className="spinner-border spinner-border-sm me-1" /> : null}
        {props.status}
      </p>
    </>
  );
}
