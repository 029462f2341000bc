// The pipeline builder: palette, canvas (React Flow), side panel, bottom panel, toolbar. The state is
// one reducer (state.ts); loading, validation, editing, the server actions and following a run are
// hooks (use*.ts); the API calls are typed by the OpenAPI document (server.ts).
import { Background, Controls, Panel, ReactFlow, ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useDeferredValue, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { canRedo, canUndo } from "../flow/history";
import { semanticKey, type FlowEdge, type FlowNode } from "../flow/graph";
import type { ApiGraph, Problem } from "../flow/types";
import { FlowMinimap } from "../flow/Minimap";
import { useNoSelectionListener } from "../flow/selectionListener";
import { EDGE_OPTIONS, nodeTypes } from "../flow/SluiceNode";
import { GroupNode, GroupPanel } from "./GroupNode";
import { useFlowColorMode } from "../flow/colorMode";
import { BottomPanel } from "./BottomPanel";
import type { Backend } from "./backend";
import { createDecorator, mergeProblems, problemsByNode, warningsByNode } from "./display";
import { NodeList } from "./NodeList";
import { Palette } from "./Palette";
import { SearchBar } from "./SearchBar";
import { SidePanel } from "./SidePanel";
import { currentGraph, initialState, reducer } from "./state";
import { Toolbar } from "./Toolbar";
import { useCanvas } from "./useCanvas";
import { useEditing } from "./useEditing";
import { useExecution } from "./useExecution";
import { LARGE_GRAPH } from "./fit";
import { useLoad } from "./useLoad";
import { useServerActions } from "./useServerActions";
import { useShortcuts } from "./useShortcuts";
import { useGroups } from "./useGroups";
import { useValidation } from "./useValidation";

const NO_WARNINGS: Problem[] = [];
const builderNodeTypes = { ...nodeTypes, sluiceGroup: GroupNode };

export interface BuilderProps {
  pipelineId: number;
  canEdit: boolean;
  canRun: boolean;
  /** The pipeline's backend (data-backend): the run select's default. */
  backend?: Backend;
  detailUrl: string;
  executionsUrlTemplate: string;
}

/** Leaving with unsaved edits asks first. */
function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);
}

function BuilderCanvas(props: BuilderProps) {
  const { pipelineId, canEdit, canRun } = props;
  const flow = useReactFlow<FlowNode, FlowEdge>();
  useNoSelectionListener();
  const [state, dispatch] = useReducer(reducer, initialState);
  const colorMode = useFlowColorMode();
  const latest = useRef(state);
  latest.current = state;
  const canvasRef = useRef<HTMLDivElement>(null);
  const { nodes, edges, typeIndex, validation, execution, dryRun } = state;
  const schemas = validation?.schemas;

  // While nodes are being dragged the graph (and all that derives from it: the unsaved flag, the side
  // panel, validation's key) stays as it was; it catches up on the frame the drag ends. At 2,000 nodes
  // that keeps a drag frame to React Flow's own work.
  // Beyond that, the graph follows the canvas in a deferred render (useDeferredValue): a move of 2,000
  // selected nodes or a paste of 500 paints the canvas first, and the graph's JSON, the unsaved flag
  // and the panels catch up in the render after, which React may interrupt.
  const deferred = useDeferredValue(state);
  const dragging = useMemo(() => deferred.nodes.some((n) => n.dragging), [deferred.nodes]);
  const lastGraph = useRef<ApiGraph | null>(null);
  const graph = useMemo(
    () =>
      dragging && lastGraph.current
        ? lastGraph.current
        : currentGraph({ nodes: deferred.nodes, edges: deferred.edges, groups: deferred.groups }),
    [dragging, deferred.nodes, deferred.edges, deferred.groups],
  );
  lastGraph.current = graph;
  const graphKey = useMemo(() => semanticKey(graph), [graph]);
  const dirty = useMemo(() => JSON.stringify(graph) !== deferred.savedGraph, [graph, deferred.savedGraph]);

  useLoad(pipelineId, dispatch);
  useLeaveWarning(canEdit && dirty);
  const validateNow = useValidation(pipelineId, state.types !== null, graph, graphKey, dispatch);
  const follow = useExecution(pipelineId, execution, dispatch);
  const editing = useEditing({ canEdit, latest, dispatch, flow, canvas: canvasRef });
  const [finding, setFinding] = useState(false);
  const [listing, setListing] = useState(false);
  const openFind = useCallback(() => {
    setFinding(false); // a second Ctrl+F focuses the open search box again
    window.setTimeout(() => setFinding(true), 0);
  }, []);
  useShortcuts(canEdit, editing, openFind);
  const canvas = useCanvas({ latest, dispatch, flow, editing, typeIndex, schemas });
  const actions = useServerActions({ pipelineId, canEdit, current: editing.current, dispatch, follow });

  const problems = useMemo(
    () => mergeProblems(state.validationErrors, state.actionErrors, validation),
    [validation, state.validationErrors, state.actionErrors],
  );
  const byNode = useMemo(() => problemsByNode(problems, dryRun), [problems, dryRun]);
  const warnings = validation?.warnings ?? NO_WARNINGS;
  const warningsOf = useMemo(() => warningsByNode(validation), [validation]);
  const decorator = useMemo(createDecorator, []);
  const estimate = nodes.length > LARGE_GRAPH;
  const displayNodes = useMemo(
    () => decorator(nodes, { execution, dryRun, typeIndex, schemas, problems: byNode, warnings: warningsOf, canEdit, estimate }),
    [decorator, nodes, execution, dryRun, typeIndex, schemas, byNode, warningsOf, canEdit, estimate],
  );
  // The same array while the selection is the same (a drag changes nodes, not the selection).
  // The panels' selection follows in the deferred render too.
  const selectedJoined = useMemo(
    () => deferred.nodes.filter((n) => n.selected).map((n) => n.id).join("\n"),
    [deferred.nodes],
  );
  const selectedKeys = useMemo(() => (selectedJoined ? selectedJoined.split("\n") : []), [selectedJoined]);
  const groups = useGroups({
    canEdit,
    latest,
    dispatch,
    current: editing.current,
    duplicate: editing.duplicate,
    selectNode: canvas.selectNode,
    nodes: displayNodes,
    edges,
    groups: state.groups,
  });
  const executionUrl = execution ? props.executionsUrlTemplate.replace(/\/0\/?$/, `/${execution.id}/`) : null;

  if (state.loadError) {
    return (
      <div className="alert alert-danger m-3" role="alert">
        The builder could not load: {state.loadError}{" "}
        {props.detailUrl ? <a href={props.detailUrl}>Back to the pipeline</a> : null}
      </div>
    );
  }

  return (
    <div className="sluice-builder" data-ready={state.types ? "true" : "false"}>
      <Toolbar
        canEdit={canEdit}
        canRun={canRun}
        backend={props.backend ?? "polars"}
        canUndo={canUndo(state.history)}
        canRedo={canRedo(state.history)}
        hasNodes={nodes.length > 0}
        dirty={dirty}
        validating={state.validating}
        valid={validation ? validation.valid : null}
        problemCount={problems.length}
        warningCount={warnings.length}
        busy={state.busy}
        status={state.status}
        onUndo={editing.undo}
        onRedo={editing.redo}
        onLayout={() => void editing.autoLayout()}
        onValidate={validateNow}
        selectedCount={selectedKeys.length}
        onArrange={editing.arrange}
        onFind={openFind}
        nodeListOpen={listing}
        onToggleNodeList={() => setListing((v) => !v)}
        onGroup={groups.groupSelection}
        actions={actions}
      />
      <div className="sluice-main">
        {canEdit && state.types ? <Palette types={state.types} onAdd={(t) => editing.addType(t)} /> : null}
        {listing ? <NodeList nodes={nodes} problems={byNode} onGo={groups.goTo} /> : null}
        <div className="sluice-canvas" ref={canvasRef} onDragOver={canvas.onDragOver} onDrop={canvas.onDrop} aria-label="Pipeline canvas" role="region" data-tour="canvas">
          <ReactFlow
            // Group boxes ride along as nodes of their own type; their changes match no node of the state.
            nodes={groups.view.nodes as FlowNode[]}
            edges={groups.view.edges}
            nodeTypes={builderNodeTypes}
            onNodesChange={canvas.onNodesChange}
            onEdgesChange={canvas.onEdgesChange}
            onConnect={canvas.onConnect}
            onNodeDragStart={canvas.onNodeDragStart}
            onNodeDrag={canvas.onNodeDrag}
            onNodeDragStop={canvas.onNodeDragStop}
            isValidConnection={canvas.isValidConnection}
            nodesDraggable={canEdit}
            nodesConnectable={canEdit}
            deleteKeyCode={null}
            onlyRenderVisibleElements
            minZoom={0.2}
            maxZoom={2}
            proOptions={{ hideAttribution: true }}
            defaultEdgeOptions={EDGE_OPTIONS}
            colorMode={colorMode}
          >
            {finding ? (
              <Panel position="top-center">
                <SearchBar
                  nodes={nodes}
                  onGo={groups.goTo}
                  onSelectAll={(keys) => {
                    dispatch({ type: "select-keys", keys });
                    dispatch({ type: "status", message: `Selected ${keys.length} matching node${keys.length === 1 ? "" : "s"}.` });
                  }}
                  onClose={() => {
                    setFinding(false);
                    canvasRef.current?.querySelector<HTMLElement>(".react-flow__node.selected, .react-flow__pane")?.focus();
                  }}
                />
              </Panel>
            ) : null}
            <Background />
            <FlowMinimap label="Minimap of the pipeline" />
            <Controls showInteractive={false} aria-label="Zoom and fit view" />
          </ReactFlow>
        </div>
        <SidePanel
          graph={graph}
          selectedKeys={selectedKeys}
          typeIndex={typeIndex}
          schemas={schemas}
          problems={byNode}
          canEdit={canEdit}
          current={editing.current}
          dispatch={dispatch}
          groupPanel={groups.panel && selectedKeys.length !== 1 ? <GroupPanel {...groups.panel} /> : null}
        />
      </div>
      <BottomPanel
        tab={state.tab}
        onTab={(tab) => dispatch({ type: "tab", tab })}
        problems={problems}
        warnings={warnings}
        validating={state.validating}
        onProblem={(p) => p.node && groups.goTo(p.node)}
        dryRun={dryRun}
        order={validation?.order ?? []}
        execution={execution}
        executionUrl={executionUrl}
        tests={{ pipelineId, canRun: canEdit, dirty }}
        data={{
          pipelineId,
          graph,
          node: selectedKeys.length === 1 ? selectedKeys[0] : null,
          schemas,
          dirty,
          onSelect: (key) => groups.goTo(key),
        }}
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
