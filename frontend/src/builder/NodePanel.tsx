// The side panel of the selected node: label, config form from the type's JSON Schema (@rjsf) with
// the server's problems inline, keyboard connect ("Connect to…"), its edges, delete.
import Form from "@rjsf/core";
import type { ErrorSchema, RJSFSchema, UiSchema } from "@rjsf/utils";
import validator from "@rjsf/validator-ajv8";
import { useEffect, useMemo, useRef, useState } from "react";
import type { ConnectOption } from "../flow/graph";
import type { ApiEdge, ApiNode, NodeTypeInfo, Problem } from "../flow/types";
import { calledPipeline } from "./calls";

/** Server problems whose field is config.<path> -> rjsf's ErrorSchema (shown under each field). */
export function problemsToErrorSchema(problems: Problem[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const problem of problems) {
    if (!problem.field || !problem.field.startsWith("config")) continue;
    const path = problem.field
      .replace(/^config\.?/, "")
      .split(/[.[\]]+/)
      .filter(Boolean);
    let cursor = root;
    for (const part of path) {
      cursor[part] ??= {};
      cursor = cursor[part] as Record<string, unknown>;
    }
    const errors = (cursor.__errors as string[] | undefined) ?? [];
    errors.push(problem.message);
    cursor.__errors = errors;
  }
  return root as ErrorSchema;
}

const UI_SCHEMA: UiSchema = { "ui:submitButtonOptions": { norender: true } };

interface Props {
  node: ApiNode;
  type: NodeTypeInfo | undefined;
  problems: Problem[];
  edges: ApiEdge[];
  connectOptions: ConnectOption[];
  canEdit: boolean;
  onLabel: (label: string) => void;
  onConfig: (config: Record<string, unknown>) => void;
  /** The form filled in its schema's defaults on its own (no user input): not an undo step. */
  onNormalise: (config: Record<string, unknown>) => void;
  onConnect: (option: ConnectOption) => void;
  onRemoveEdge: (edge: ApiEdge) => void;
  onDelete: () => void;
}

export function NodePanel(props: Props) {
  const { node, type, problems, edges, connectOptions, canEdit } = props;
  const [choice, setChoice] = useState("");
  const touched = useRef(false);
  useEffect(() => {
    touched.current = false;
  }, [node.key]);
  const touch = () => {
    touched.current = true;
  };
  const extraErrors = useMemo(() => problemsToErrorSchema(problems), [problems]);
  const otherProblems = problems.filter((p) => !p.field || !p.field.startsWith("config."));
  const prefix = `node_${node.key}`;
  // The form's heading is ours ("Configuration"), not the config model's class name.
  const formSchema = useMemo(() => {
    const { title: _title, ...rest } = (type?.config_schema ?? {}) as RJSFSchema;
    return rest as RJSFSchema;
  }, [type]);
  const chosen = choice === "" ? undefined : connectOptions[Number(choice)];
  const called = calledPipeline(node.type, node.config);
  return (
    <section className="sluice-node-panel" aria-labelledby="node-panel-title">
      <h2 id="node-panel-title" className="h6 mb-1">
        Node <code>{node.key}</code>
      </h2>
      <p className="small text-body-secondary mb-2">
        {type ? `${type.title} (${type.key})` : `Unknown type ${node.type}`}
        {type?.description ? <span className="d-block">{type.description}</span> : null}
      </p>
      {called ? (
        <p className="small mb-2">
          <a href={called.href} className="sluice-call-link">
            Open called pipeline #{called.id}
          </a>{" "}
          <span className="text-body-secondary">({called.version === null ? "its current version" : `version ${called.version}`})</span>
        </p>
      ) : null}
      {otherProblems.length ? (
        <div className="alert alert-danger py-1 px-2 small" role="alert">
          <ul className="mb-0 ps-3">
            {otherProblems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="mb-2">
        <label htmlFor={`${prefix}_label`} className="form-label small mb-1">
          Label
        </label>
        <input
          id={`${prefix}_label`}
          className="form-control form-control-sm"
          value={node.label ?? ""}
          placeholder={node.key}
          disabled={!canEdit}
          maxLength={200}
          onChange={(e) => props.onLabel(e.target.value)}
        />
      </div>
      {type ? (
        <div
          className="sluice-config-form"
          onKeyDownCapture={touch}
          onPointerDownCapture={touch}
          onInputCapture={touch}
          onChangeCapture={touch}
        >
          <h3 className="h6 mt-3">Configuration</h3>
          <Form
            key={node.key}
            schema={formSchema}
            uiSchema={UI_SCHEMA}
            formData={node.config ?? {}}
            validator={validator}
            idPrefix={prefix}
            showErrorList={false}
            noHtml5Validate
            extraErrors={extraErrors}
            disabled={!canEdit}
            onChange={(e) => {
              const config = (e.formData ?? {}) as Record<string, unknown>;
              if (touched.current) props.onConfig(config);
              else props.onNormalise(config);
            }}
          />
        </div>
      ) : null}
      {canEdit ? (
        <div className="mt-3">
          <h3 className="h6">Connections</h3>
          <label htmlFor={`${prefix}_connect`} className="form-label small mb-1">
            Connect to…
          </label>
          <div className="input-group input-group-sm mb-2">
            <select
              id={`${prefix}_connect`}
              className="form-select"
              value={choice}
              onChange={(e) => setChoice(e.target.value)}
            >
              <option value="">{connectOptions.length ? "Choose a target" : "No node can take an edge from here"}</option>
              {connectOptions.map((o, i) => (
                <option key={`${o.target}:${o.targetPort}:${o.sourcePort}`} value={String(i)}>
                  {o.label}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-outline-primary"
              disabled={!chosen}
              onClick={() => {
                if (chosen) {
                  props.onConnect(chosen);
                  setChoice("");
                }
              }}
            >
              Connect
            </button>
          </div>
          {edges.length ? (
            <ul className="list-unstyled small mb-2">
              {edges.map((e) => {
                const text =
                  e.source === node.key
                    ? `→ ${e.target} (${e.source_port ?? "out"} → ${e.target_port ?? "in"})`
                    : `← ${e.source} (${e.source_port ?? "out"} → ${e.target_port ?? "in"})`;
                return (
                  <li key={`${e.source}:${e.source_port}:${e.target}:${e.target_port}`} className="d-flex align-items-center gap-2 mb-1">
                    <span className="flex-grow-1">{text}</span>
                    <button
                      type="button"
                      className="btn btn-sm btn-outline-secondary py-0"
                      aria-label={`Remove edge ${e.source} to ${e.target}`}
                      onClick={() => props.onRemoveEdge(e)}
                    >
                      Remove
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : (
            <p className="small text-body-secondary">No edges yet.</p>
          )}
          <button type="button" className="btn btn-sm btn-outline-danger" onClick={props.onDelete}>
            Delete node {node.key}
          </button>
        </div>
      ) : null}
    </section>
  );
}
