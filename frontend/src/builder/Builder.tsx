// The pipeline builder: palette, canvas (React Flow), side panel, bottom panel, toolbar.
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection as RFConnection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { whenLive } from "../livepage";
import { showVersion } from "../versions";
import { ApiError, api } from "../flow/api";
import { applyEvent, fromApi, isFinished, type ExecutionState } from "../flow/execution";
import {
  addNode,
  checkConnection,
  connect,
  connectOptions,
  copySelection,
  edgeId,
  fieldErrorsToProblems,
  fromFlow,
  indexTypes,
  pasteClipboard,
  removeElements,
  semanticKey,
  toFlow,
  updateNode,
  type FlowEdge,
  type FlowNode,
} from "../flow/graph";
import { canRedo, canUndo, createHistory, push, redo, undo, type History } from "../flow/history";
import { layoutPositions } from "../flow/layout";
import { outputPorts } from "../flow/ports";
import { EDGE_OPTIONS, nodeTypes } from "../flow/SluiceNode";
import type { ApiEdge, ApiGraph, DryRunResult, NodeTypeInfo, Position, Problem, Validation } from "../flow/types";
import { BottomPanel, type Tab } from "./BottomPanel";
import { NodePanel } from "./NodePanel";
import { DRAG_MIME, Palette } from "./Palette";

export interface BuilderProps {
  pipelineId: number;
  canEdit: boolean;
  canRun: boolean;
  detailUrl: string;
  executionsUrlTemplate: string;
}

const VALIDATE_DELAY_MS = 400;

/** Keeps React Flow's measurements and selection of nodes that survive a rebuild from the graph. */
function mergeNodes(previous: FlowNode[], next: FlowNode[], select?: string[]): FlowNode[] {
  const old = new Map(previous.map((n) => [n.id, n]));
  return next.map((node) => {
    const before = old.get(node.id);
    const selected = select ? select.includes(node.id) : (before?.selected ?? false);
    return before ? { ...node, measured: before.measured, selected } : { ...node, selected };
  });
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function BuilderCanvas(props: BuilderProps) {
  const { pipelineId, canEdit, canRun } = props;
  const flow = useReactFlow();
  const [types, setTypes] = useState<NodeTypeInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [edges, setEdges] = useState<FlowEdge[]>([]);
  const [history, setHistory] = useState<History<ApiGraph>>(createHistory({ nodes: [], edges: [] }));
  const [savedGraph, setSavedGraph] = useState<string>("");
  const [validation, setValidation] = useState<Validation | null>(null);
  const [validationErrors, setValidationErrors] = useState<Problem[]>([]);
  const [validating, setValidating] = useState(false);
  const [actionErrors, setActionErrors] = useState<Problem[]>([]);
  const [dryRun, setDryRun] = useState<DryRunResult | null>(null);
  const [execution, setExecution] = useState<ExecutionState | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState("Loading the pipeline…");
  const [tab, setTab] = useState<Tab>("problems");
  const [versionMessage, setVersionMessage] = useState("");
  const [versionErrors, setVersionErrors] = useState<string[]>([]);
  const [showVersionForm, setShowVersionForm] = useState(false);
  const clipboard = useRef<ApiGraph | null>(null);
  const nodesRef = useRef(nodes);
  const edgesRef = useRef(edges);
  const historyRef = useRef(history);
  nodesRef.current = nodes;
  edgesRef.current = edges;
  historyRef.current = history;
  const canvasRef = useRef<HTMLDivElement>(null);
  const unsubscribeRef = useRef<(() => void) | null>(null);

  const typeIndex = useMemo(() => indexTypes(types ?? []), [types]);
  const graph = useMemo(() => fromFlow(nodes, edges), [nodes, edges]);
  const graphKey = useMemo(() => semanticKey(graph), [graph]);
  const dirty = useMemo(() => JSON.stringify(graph) !== savedGraph, [graph, savedGraph]);

  // --- Loading ---------------------------------------------------------------------------------
  useEffect(() => {
    let cancelled = false;
    Promise.all([
      api<NodeTypeInfo[]>("GET", "/api/node-types/"),
      api<ApiGraph>("GET", `/api/pipelines/${pipelineId}/graph/`),
    ])
      .then(async ([loadedTypes, loaded]) => {
        if (cancelled) return;
        const index = indexTypes(loadedTypes);
        let start = loaded;
        // Nodes never placed (made through the API or a template) are laid out by elkjs.
        const unplaced =
          loaded.nodes.some((n) => !n.position) ||
          (loaded.nodes.length > 1 && loaded.nodes.every((n) => !n.position || (n.position.x === 0 && n.position.y === 0)));
        if (unplaced) {
          // Without elkjs (fetched on first use) the nodes open where they are; Auto-layout tries again.
          const positions = await layoutPositions(
            loaded.nodes.map((n) => ({ id: n.key })),
            loaded.edges.map((e) => ({ id: edgeId(e), source: e.source, target: e.target })),
          ).catch(() => ({}) as Record<string, Position>);
          start = {
            ...loaded,
            nodes: loaded.nodes.map((n) => ({
              ...n,
              position: n.position && (n.position.x || n.position.y) ? n.position : (positions[n.key] ?? n.position),
            })),
          };
        }
        const built = toFlow(start, index);
        setTypes(loadedTypes);
        setNodes(built.nodes);
        setEdges(built.edges);
        const normalised = fromFlow(built.nodes, built.edges);
        setHistory(createHistory(normalised));
        setSavedGraph(JSON.stringify(normalised));
        setStatus(`Loaded ${loaded.nodes.length} node${loaded.nodes.length === 1 ? "" : "s"}.`);
        if (loaded.nodes.length) window.setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1.2 }), 50);
      })
      .catch((error: unknown) => {
        if (!cancelled) setLoadError(error instanceof Error ? error.message : String(error));
      });
    return () => {
      cancelled = true;
    };
  }, [pipelineId, flow]);

  useEffect(() => () => unsubscribeRef.current?.(), []);

  // Leaving with unsaved edits asks first.
  useEffect(() => {
    if (!canEdit || !dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [canEdit, dirty]);

  // --- Live validation (debounced) ----------------------------------------------------------------
  const validateSeq = useRef(0);
  useEffect(() => {
    if (!types) return;
    const seq = ++validateSeq.current;
    const snapshot = graph;
    setValidating(true);
    const timer = window.setTimeout(() => {
      api<Validation>("POST", `/api/pipelines/${pipelineId}/validate/`, { graph: snapshot })
        .then((result) => {
          if (seq !== validateSeq.current) return;
          setValidation(result);
          setValidationErrors([]);
          setValidating(false);
        })
        .catch((error: unknown) => {
          if (seq !== validateSeq.current) return;
          setValidating(false);
          if (error instanceof ApiError && error.status === 400) {
            setValidationErrors(fieldErrorsToProblems(error.fields, snapshot));
          } else {
            setValidationErrors([{ node: null, field: null, code: "network", message: (error as Error).message }]);
          }
        });
    }, VALIDATE_DELAY_MS);
    return () => window.clearTimeout(timer);
    // graphKey stands for the graph without positions: moving a node does not re-validate.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [graphKey, types, pipelineId]);

  // --- Editing: every change goes through commit (state + history) --------------------------------
  const apply = useCallback(
    (next: ApiGraph, select?: string[]) => {
      const built = toFlow(next, typeIndex);
      setNodes((previous) => mergeNodes(previous, built.nodes, select));
      setEdges((previous) => {
        const selected = new Set(previous.filter((e) => e.selected).map((e) => e.id));
        return built.edges.map((e) => ({ ...e, selected: selected.has(e.id) }));
      });
    },
    [typeIndex],
  );

  const commit = useCallback(
    (next: ApiGraph, options: { coalesce?: string; select?: string[]; message?: string } = {}) => {
      apply(next, options.select);
      setHistory((h) => push(h, next, { coalesce: options.coalesce }));
      if (options.message) setStatus(options.message);
    },
    [apply],
  );

  const current = useCallback(() => fromFlow(nodesRef.current, edgesRef.current), []);

  const addType = useCallback(
    (type: NodeTypeInfo, position?: { x: number; y: number }) => {
      if (!canEdit) return;
      let at = position;
      if (!at) {
        // Keyboard/click add: to the right of the rightmost node (or in the middle of an empty view).
        const existing = nodesRef.current;
        if (existing.length) {
          const right = existing.reduce((a, b) => (b.position.x > a.position.x ? b : a));
          at = { x: Math.round(right.position.x + 280), y: Math.round(right.position.y) };
        } else {
          const box = canvasRef.current?.getBoundingClientRect();
          const center = box
            ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
            : { x: 0, y: 0 };
          at = { x: Math.round(center.x - 110), y: Math.round(center.y - 40) };
        }
        // Keep every node in view (the new one is measured by then).
        window.setTimeout(() => flow.fitView({ padding: 0.2, maxZoom: 1.1 }), 60);
      }
      const { graph: next, key } = addNode(current(), type, at);
      commit(next, { select: [key], message: `Added ${type.title} node ${key}.` });
    },
    [canEdit, commit, current, flow],
  );

  const doUndo = useCallback(() => {
    const h = undo(historyRef.current);
    if (h === historyRef.current) return;
    setHistory(h);
    apply(h.present);
    setStatus("Undone.");
  }, [apply]);

  const doRedo = useCallback(() => {
    const h = redo(historyRef.current);
    if (h === historyRef.current) return;
    setHistory(h);
    apply(h.present);
    setStatus("Redone.");
  }, [apply]);

  const deleteSelection = useCallback(() => {
    const nodeKeys = nodesRef.current.filter((n) => n.selected).map((n) => n.id);
    const edgeIds = edgesRef.current.filter((e) => e.selected).map((e) => e.id);
    if (!nodeKeys.length && !edgeIds.length) return;
    commit(removeElements(current(), nodeKeys, edgeIds), {
      message: `Deleted ${nodeKeys.length} node${nodeKeys.length === 1 ? "" : "s"} and ${edgeIds.length} edge${edgeIds.length === 1 ? "" : "s"}.`,
    });
  }, [commit, current]);

  const copy = useCallback(() => {
    const clip = copySelection(
      current(),
      nodesRef.current.filter((n) => n.selected).map((n) => n.id),
    );
    if (clip) {
      clipboard.current = clip;
      setStatus(`Copied ${clip.nodes.length} node${clip.nodes.length === 1 ? "" : "s"}.`);
    }
  }, [current]);

  const paste = useCallback(() => {
    if (!canEdit || !clipboard.current) return;
    const { graph: next, keys } = pasteClipboard(current(), clipboard.current);
    clipboard.current = { ...clipboard.current, nodes: clipboard.current.nodes.map((n) => ({ ...n, position: { x: (n.position?.x ?? 0) + 40, y: (n.position?.y ?? 0) + 40 } })) };
    commit(next, { select: keys, message: `Pasted ${keys.length} node${keys.length === 1 ? "" : "s"}.` });
  }, [canEdit, commit, current]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isEditable(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (canEdit && (e.key === "Delete" || e.key === "Backspace") && !mod) {
        e.preventDefault();
        deleteSelection();
      } else if (mod && key === "z" && !e.shiftKey && canEdit) {
        e.preventDefault();
        doUndo();
      } else if (mod && ((key === "z" && e.shiftKey) || key === "y") && canEdit) {
        e.preventDefault();
        doRedo();
      } else if (mod && key === "c") {
        copy();
      } else if (mod && key === "v" && canEdit) {
        e.preventDefault();
        paste();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canEdit, copy, deleteSelection, doRedo, doUndo, paste]);

  // --- React Flow callbacks ------------------------------------------------------------------------
  const onNodesChange = useCallback((changes: NodeChange<FlowNode>[]) => {
    // Removal goes through deleteSelection (history); everything else (drag, select, measure) applies.
    setNodes((ns) => applyNodeChanges(changes.filter((c) => c.type !== "remove"), ns));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== "remove"), es));
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: FlowNode, dragged: FlowNode[]) => {
      const moved = new Map(dragged.map((n) => [n.id, n.position]));
      const next = fromFlow(
        nodesRef.current.map((n) => (moved.has(n.id) ? { ...n, position: moved.get(n.id) as { x: number; y: number } } : n)),
        edgesRef.current,
      );
      setHistory((h) => push(h, next));
    },
    [],
  );

  const schemas = validation?.schemas;
  const isValidConnection = useCallback(
    (c: RFConnection | FlowEdge) =>
      checkConnection(
        current(),
        { source: c.source, target: c.target, sourcePort: c.sourceHandle, targetPort: c.targetHandle },
        typeIndex,
        schemas,
      ).ok,
    [current, typeIndex, schemas],
  );

  const onConnect = useCallback(
    (c: RFConnection) => {
      const graphNow = current();
      const verdict = checkConnection(
        graphNow,
        { source: c.source, target: c.target, sourcePort: c.sourceHandle, targetPort: c.targetHandle },
        typeIndex,
        schemas,
      );
      if (!verdict.ok) {
        setStatus(verdict.reason);
        return;
      }
      commit(
        connect(graphNow, {
          source: c.source,
          source_port: c.sourceHandle ?? "out",
          target: c.target,
          target_port: c.targetHandle ?? "in",
        }),
        { message: `Connected ${c.source} to ${c.target}.` },
      );
    },
    [commit, current, typeIndex, schemas],
  );

  const onDrop = useCallback(
    (event: React.DragEvent) => {
      event.preventDefault();
      const key = event.dataTransfer.getData(DRAG_MIME) || event.dataTransfer.getData("text/plain");
      const type = typeIndex[key];
      if (!type) return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addType(type, { x: Math.round(at.x - 20), y: Math.round(at.y - 20) });
    },
    [addType, flow, typeIndex],
  );

  const autoLayout = useCallback(async () => {
    let positions: Record<string, Position>;
    try {
      positions = await layoutPositions(
        nodesRef.current.map((n) => ({ id: n.id, width: n.measured?.width, height: n.measured?.height })),
        edgesRef.current.map((e) => ({ id: e.id, source: e.source, target: e.target })),
      );
    } catch (error) {
      // elkjs is fetched on first use: a network failure lands here, and the button tries again.
      setStatus(`Could not lay out the graph: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const graphNow = current();
    commit({ ...graphNow, nodes: graphNow.nodes.map((n) => ({ ...n, position: positions[n.key] ?? n.position })) });
    window.setTimeout(() => {
      void flow.fitView({ padding: 0.2, maxZoom: 1.2 });
      setStatus("Laid out the graph.");
    }, 50);
  }, [commit, current, flow]);

  // --- Server actions ------------------------------------------------------------------------------
  const reportError = useCallback((error: unknown, what: string, graphNow: ApiGraph) => {
    if (error instanceof ApiError) {
      const problems = fieldErrorsToProblems(error.fields, graphNow);
      setActionErrors(problems.length ? problems : [{ node: null, field: null, code: "server", message: error.message }]);
      setStatus(`${what} failed: ${error.message}`);
    } else {
      setActionErrors([{ node: null, field: null, code: "client", message: String(error) }]);
      setStatus(`${what} failed.`);
    }
    setTab("problems");
  }, []);

  const saveDraft = useCallback(async (): Promise<boolean> => {
    const graphNow = current();
    try {
      const result = await api<ApiGraph & { validation: Validation }>("PUT", `/api/pipelines/${pipelineId}/graph/`, graphNow);
      setSavedGraph(JSON.stringify(graphNow));
      setValidation(result.validation);
      setActionErrors([]);
      return true;
    } catch (error) {
      reportError(error, "Saving", graphNow);
      return false;
    }
  }, [current, pipelineId, reportError]);

  const save = useCallback(async () => {
    setBusy("save");
    setStatus("Saving the draft…");
    if (await saveDraft()) setStatus("Draft saved.");
    setBusy(null);
  }, [saveDraft]);

  const saveVersion = useCallback(async () => {
    setBusy("version");
    setVersionErrors([]);
    setStatus("Saving a version…");
    try {
      if (!(await saveDraft())) return;
      const version = await api<{ number: number; created: boolean }>("POST", `/api/pipelines/${pipelineId}/versions/`, {
        message: versionMessage,
      });
      setStatus(version.created ? `Saved version ${version.number}.` : `No change since version ${version.number}.`);
      showVersion(document, pipelineId, version.number);
      setVersionMessage("");
      setShowVersionForm(false);
    } catch (error) {
      const messages =
        error instanceof ApiError ? Object.values(error.fields).flat() : [String((error as Error).message ?? error)];
      setVersionErrors(messages.length ? messages : [(error as Error).message]);
      setStatus("The version was not saved.");
    } finally {
      setBusy(null);
    }
  }, [pipelineId, saveDraft, versionMessage]);

  const runDry = useCallback(async () => {
    setBusy("dry-run");
    setStatus("Dry-running on a sample…");
    const graphNow = current();
    try {
      const result = await api<DryRunResult>("POST", `/api/pipelines/${pipelineId}/dry-run/`, { graph: graphNow });
      setDryRun(result);
      setActionErrors([]);
      setTab("preview");
      const failed = Object.values(result.nodes).filter((n) => n.status !== "ok").length;
      setStatus(
        `Dry-run finished: ${Object.keys(result.nodes).length} node(s) ran${failed ? `, ${failed} with errors` : ""}.`,
      );
    } catch (error) {
      reportError(error, "The dry-run", graphNow);
    } finally {
      setBusy(null);
    }
  }, [current, pipelineId, reportError]);

  const follow = useCallback((id: number) => {
    unsubscribeRef.current?.();
    let cancelled = false;
    unsubscribeRef.current = () => {
      cancelled = true;
    };
    whenLive().then((live) => {
      if (cancelled) return;
      const off = live.subscribe(
        `execution:${id}`,
        (event) => {
          const owner = (event.data as { pipeline_id?: unknown }).pipeline_id;
          if (typeof owner === "number" && owner !== pipelineId) return;
          setExecution((state) => {
            if (!state || state.id !== id) return state;
            const next = applyEvent(state, event);
            if (next.status !== state.status && isFinished(next.status)) {
              setStatus(`Execution #${id} ${next.status}.`);
            }
            return next;
          });
        },
        { since: 0 },
      );
      unsubscribeRef.current = off;
    });
  }, [pipelineId]);

  // Without the socket, the 30 s refresh (and the one after a reconnect) re-reads the execution.
  useEffect(() => {
    if (!execution || isFinished(execution.status)) return;
    const id = execution.id;
    const onRefresh = () => {
      api<{ id: number; status: string; steps?: [] }>("GET", `/api/executions/${id}/`)
        .then((detail) => setExecution((state) => (state && state.id === id ? { ...fromApi(detail), steps: { ...state.steps, ...fromApi(detail).steps } } : state)))
        .catch(() => undefined);
    };
    document.addEventListener("sluice:refresh", onRefresh);
    return () => document.removeEventListener("sluice:refresh", onRefresh);
  }, [execution?.id, execution?.status]); // eslint-disable-line react-hooks/exhaustive-deps

  const run = useCallback(async () => {
    setBusy("run");
    const graphNow = current();
    try {
      if (canEdit) {
        setStatus("Saving the draft and its version before running…");
        if (!(await saveDraft())) return;
        await api("POST", `/api/pipelines/${pipelineId}/versions/`, { message: "Run from the builder" });
      }
      setStatus("Starting a run…");
      const started = await api<{ id: number; status: string }>("POST", `/api/pipelines/${pipelineId}/run/`, {});
      const steps = Object.fromEntries(graphNow.nodes.map((n) => [n.key, { status: "pending" }]));
      setExecution({ id: started.id, status: started.status, steps });
      setActionErrors([]);
      setTab("run");
      setStatus(`Execution #${started.id} ${started.status}.`);
      follow(started.id);
    } catch (error) {
      reportError(error, "Running", graphNow);
    } finally {
      setBusy(null);
    }
  }, [canEdit, current, follow, pipelineId, reportError, saveDraft]);

  // --- What the nodes show -------------------------------------------------------------------------
  const problems = useMemo(() => {
    const all = [...validationErrors, ...actionErrors, ...(validation?.problems ?? [])];
    const seen = new Set<string>();
    return all.filter((p) => {
      const id = `${p.node}|${p.field}|${p.message}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }, [validation, validationErrors, actionErrors]);

  const problemsByNode = useMemo(() => {
    const map: Record<string, Problem[]> = {};
    for (const p of problems) if (p.node) (map[p.node] ??= []).push(p);
    if (dryRun) {
      for (const [key, node] of Object.entries(dryRun.nodes)) {
        if (node.status === "error" && node.error) {
          (map[key] ??= []).push({ node: key, field: node.field ?? null, code: "dry_run", message: node.error });
        }
      }
    }
    return map;
  }, [problems, dryRun]);

  const displayNodes = useMemo(
    () =>
      nodes.map((node) => {
        const step = execution?.steps[node.id];
        const dry = dryRun?.nodes[node.id];
        const metrics = step
          ? { rows_in: step.rows_in, rows_out: step.rows_out }
          : dry && Object.keys(dry.rows ?? {}).length
            ? { rows_out: Object.values(dry.rows)[0] }
            : null;
        return {
          ...node,
          data: {
            ...node.data,
            outputs: outputPorts(typeIndex[node.data.type], node.data.config, schemas, node.id),
            problems: problemsByNode[node.id] ?? [],
            schemas: schemas?.[node.id],
            status: step?.status ?? null,
            metrics,
            readOnly: !canEdit,
          },
        };
      }),
    [nodes, execution, dryRun, typeIndex, schemas, problemsByNode, canEdit],
  );

  const selectedNodes = nodes.filter((n) => n.selected);
  const selected = selectedNodes.length === 1 ? graph.nodes.find((n) => n.key === selectedNodes[0].id) : undefined;

  const selectNode = useCallback((key: string) => {
    setNodes((ns) => ns.map((n) => ({ ...n, selected: n.id === key })));
    const node = nodesRef.current.find((n) => n.id === key);
    if (node) flow.setCenter(node.position.x + 110, node.position.y + 40, { zoom: flow.getZoom(), duration: 200 });
  }, [flow]);

  const executionUrl = execution ? props.executionsUrlTemplate.replace(/\/0\/?$/, `/${execution.id}/`) : null;

  if (loadError) {
    return (
      <div className="alert alert-danger m-3" role="alert">
        The builder could not load: {loadError}{" "}
        {props.detailUrl ? <a href={props.detailUrl}>Back to the pipeline</a> : null}
      </div>
    );
  }

  return (
    <div className="sluice-builder" data-ready={types ? "true" : "false"}>
      <div className="sluice-toolbar" role="toolbar" aria-label="Builder actions">
        {canEdit ? (
          <>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={doUndo} disabled={!canUndo(history)} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={doRedo} disabled={!canRedo(history)} title="Redo (Ctrl+Shift+Z or Ctrl+Y)">
              Redo
            </button>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={autoLayout} disabled={!nodes.length}>
              Auto-layout
            </button>
            <span className="sluice-toolbar-sep" aria-hidden="true" />
            <button type="button" className="btn btn-sm btn-primary" onClick={save} disabled={busy !== null}>
              Save
            </button>
            <button
              type="button"
              className="btn btn-sm btn-outline-primary"
              aria-expanded={showVersionForm}
              aria-controls="version-form"
              onClick={() => setShowVersionForm((v) => !v)}
              disabled={busy !== null}
            >
              Save as version
            </button>
            <button type="button" className="btn btn-sm btn-outline-dark" onClick={runDry} disabled={busy !== null || !nodes.length}>
              Dry-run
            </button>
          </>
        ) : null}
        {canRun ? (
          <button type="button" className="btn btn-sm btn-success" onClick={run} disabled={busy !== null || !nodes.length}>
            Run
          </button>
        ) : null}
        <span className={`ms-auto small ${dirty ? "text-warning-emphasis" : "text-body-secondary"}`}>
          {!canEdit ? "Read-only: you need the editor role to change this pipeline. " : ""}
          {dirty && canEdit ? "Unsaved changes" : "Saved"}
          {validating
            ? " · checking…"
            : validation
              ? validation.valid && problems.length === 0
                ? " · valid"
                : ` · ${problems.length} problem${problems.length === 1 ? "" : "s"}`
              : ""}
        </span>
      </div>
      {showVersionForm && canEdit ? (
        <form
          id="version-form"
          className="sluice-version-form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveVersion();
          }}
        >
          <label htmlFor="version-message" className="form-label small mb-0 me-2">
            Version message
          </label>
          <input
            id="version-message"
            className={`form-control form-control-sm ${versionErrors.length ? "is-invalid" : ""}`}
            value={versionMessage}
            maxLength={500}
            aria-describedby={versionErrors.length ? "version-errors" : undefined}
            aria-invalid={versionErrors.length ? true : undefined}
            onChange={(e) => setVersionMessage(e.target.value)}
          />
          <button type="submit" className="btn btn-sm btn-primary" disabled={busy !== null}>
            Create version
          </button>
          {versionErrors.length ? (
            <ul id="version-errors" className="invalid-feedback d-block mb-0 ps-3" role="alert">
              {versionErrors.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
        </form>
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite" id="builder-status">
        {status}
      </p>
      <p className="sluice-status small mb-0" aria-hidden="true">
        {busy ? <span className="spinner-border spinner-border-sm me-1" /> : null}
        {status}
      </p>
      <div className="sluice-main">
        {canEdit && types ? <Palette types={types} onAdd={(t) => addType(t)} /> : null}
        <div
          className="sluice-canvas"
          ref={canvasRef}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = "copy";
          }}
          onDrop={onDrop}
          aria-label="Pipeline canvas"
          role="region"
        >
          <ReactFlow
            nodes={displayNodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeDragStop={onNodeDragStop}
            isValidConnection={isValidConnection}
            nodesDraggable={canEdit}
            nodesConnectable={canEdit}
            deleteKeyCode={null}
            minZoom={0.2}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
            defaultEdgeOptions={EDGE_OPTIONS}
          >
            <Background />
            <MiniMap pannable zoomable ariaLabel="Minimap of the pipeline" />
            <Controls showInteractive={false} aria-label="Zoom and fit view" />
          </ReactFlow>
        </div>
        <aside className="sluice-side" aria-label="Selected node">
          {selected ? (
            <NodePanel
              node={selected}
              type={typeIndex[selected.type]}
              problems={problemsByNode[selected.key] ?? []}
              edges={graph.edges.filter((e) => e.source === selected.key || e.target === selected.key)}
              connectOptions={connectOptions(graph, selected.key, typeIndex, schemas)}
              canEdit={canEdit}
              onLabel={(label) => commit(updateNode(current(), selected.key, { label }), { coalesce: `label:${selected.key}` })}
              onConfig={(config) => {
                const before = current().nodes.find((n) => n.key === selected.key)?.config ?? {};
                if (JSON.stringify(before) === JSON.stringify(config)) return;
                commit(updateNode(current(), selected.key, { config }), { coalesce: `config:${selected.key}` });
              }}
              onNormalise={(config) => {
                const before = current();
                const next = updateNode(before, selected.key, { config });
                if (JSON.stringify(before) === JSON.stringify(next)) return;
                apply(next);
                setHistory((h) => ({ ...h, present: next }));
                setSavedGraph((saved) => (saved === JSON.stringify(before) ? JSON.stringify(next) : saved));
              }}
              onConnect={(o) =>
                commit(
                  connect(current(), { source: selected.key, source_port: o.sourcePort, target: o.target, target_port: o.targetPort }),
                  { message: `Connected ${selected.key} to ${o.target}.` },
                )
              }
              onRemoveEdge={(e: ApiEdge) =>
                commit(removeElements(current(), [], [edgeId(e)]), { message: `Removed the edge ${e.source} → ${e.target}.` })
              }
              onDelete={() => commit(removeElements(current(), [selected.key]), { message: `Deleted node ${selected.key}.` })}
            />
          ) : (
            <div className="small text-body-secondary">
              <h2 className="h6 text-body">No node selected</h2>
              <p>
                {selectedNodes.length > 1
                  ? `${selectedNodes.length} nodes selected: Delete removes them, Ctrl+C copies them.`
                  : "Select a node (click it, or Tab to it and press Enter) to edit its configuration and connect it."}
              </p>
              <details>
                <summary>Keyboard shortcuts</summary>
                <dl className="sluice-shortcuts mt-2">
                  <dt>Enter</dt>
                  <dd>on a palette entry: add it; on a node: select it</dd>
                  <dt>Arrow keys</dt>
                  <dd>move the selected nodes</dd>
                  <dt>Delete</dt>
                  <dd>remove the selected nodes and edges</dd>
                  <dt>Ctrl+Z / Ctrl+Shift+Z, Ctrl+Y</dt>
                  <dd>undo / redo</dd>
                  <dt>Ctrl+C / Ctrl+V</dt>
                  <dd>copy / paste the selected nodes</dd>
                </dl>
              </details>
            </div>
          )}
        </aside>
      </div>
      <BottomPanel
        tab={tab}
        onTab={setTab}
        problems={problems}
        validating={validating}
        onProblem={(p) => p.node && selectNode(p.node)}
        dryRun={dryRun}
        order={validation?.order ?? []}
        execution={execution}
        executionUrl={executionUrl}
      />
    </div>
  );
}

export function Builder(props: BuilderProps) {
  return (
    <ReactFlowProvider>
      <BuilderCanvas {...props} />
    </ReactFlowProvider>
  );
}
