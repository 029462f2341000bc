// Shapes of the API documents the builder and the DAG read (docs/api.md).

export type Family = "source" | "transform" | "quality" | "destination" | string;

export interface InputPort {
  name: string;
  multiple: boolean;
  required: boolean;
  description: string;
}

export interface OutputPort {
  name: string;
  description: string;
}

export interface NodeTypeInfo {
  key: string;
  family: Family;
  title: string;
  description: string;
  icon: string;
  inputs: InputPort[];
  outputs: OutputPort[];
  dynamic_outputs: boolean;
  config_schema: Record<string, unknown>;
  example: Record<string, unknown> | null;
}

export interface Position {
  x: number;
  y: number;
}

export interface ApiNode {
  key: string;
  type: string;
  label?: string;
  config?: Record<string, unknown>;
  position?: Position | null;
}

export interface ApiEdge {
  source: string;
  target: string;
  source_port?: string;
  target_port?: string;
}

/** A canvas group (the builder's Group): purely visual, saved with the graph, never run. */
export interface ApiGroup {
  key: string;
  label?: string;
  nodes: string[];
  collapsed?: boolean;
}

export interface ApiGraph {
  nodes: ApiNode[];
  edges: ApiEdge[];
  /** Absent when the graph has none. */
  groups?: ApiGroup[];
}

export interface Problem {
  node: string | null;
  field: string | null;
  code: string;
  message: string;
}

/** node key -> port ("out", or "in:<port>" for inputs) -> column -> dtype */
export type Schemas = Record<string, Record<string, Record<string, string>>>;

export interface Validation {
  valid: boolean;
  problems: Problem[];
  /** Not problems (a valid graph keeps them): nodes that hold their input in memory (not_streaming). */
  warnings?: Problem[];
  schemas: Schemas;
  lineage?: Record<string, unknown>;
  order: string[];
}

export interface DryRunNode {
  status: "ok" | "invalid" | "not_run" | "blocked" | "error" | string;
  rows: Record<string, number>;
  schema: Record<string, Record<string, string>>;
  preview: Record<string, Array<Record<string, unknown>>>;
  error: string | null;
  field?: string | null;
  would_write?: number;
  duration_ms?: number;
}

export interface DryRunResult {
  valid: boolean;
  problems: Problem[];
  nodes: Record<string, DryRunNode>;
  sample_rows: number;
  duration_ms?: number;
}

export type StepStatus =
  | "pending"
  | "queued"
  | "running"
  | "succeeded"
  | "failed"
  | "skipped"
  | "cancelled"
  | "retrying"
  | string;

/** What a node on the canvas shows (builder and read-only DAG alike). */
export interface SluiceNodeData extends Record<string, unknown> {
  key: string;
  type: string;
  label: string;
  config: Record<string, unknown>;
  family: Family;
  title: string;
  inputs: InputPort[];
  outputs: OutputPort[];
  problems?: Problem[];
  /** Validation's warnings about this node (it cannot stream): shown, never blocking. */
  warnings?: Problem[];
  schemas?: Record<string, Record<string, string>>;
  status?: StepStatus | null;
  metrics?: Record<string, unknown> | null;
  readOnly?: boolean;
}
