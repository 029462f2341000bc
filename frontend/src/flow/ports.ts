// Ports of a node: from its type, plus (for types whose outputs depend on the config, like
// transform.branch) the ports its config names and the ports validation reported for it.
import type { InputPort, NodeTypeInfo, OutputPort, Schemas } from "./types";

const UNKNOWN_INPUTS: InputPort[] = [{ name: "in", multiple: false, required: false, description: "" }];
const UNKNOWN_OUTPUTS: OutputPort[] = [{ name: "out", description: "" }];

/** pipeline.call's ports are its mappings (pipelines/nodes/calls.py): one input port per mapped source
 * of the called pipeline (`inputs`), one output port per mapped node (`outputs`). */
export const CALL_TYPE = "pipeline.call";

function mappedPorts(config: Record<string, unknown>, field: "inputs" | "outputs"): [string, unknown][] {
  const mapping = config[field];
  if (!mapping || typeof mapping !== "object" || Array.isArray(mapping)) return [];
  return Object.entries(mapping as Record<string, unknown>).filter(([name]) => name !== "");
}

export function inputPorts(type: NodeTypeInfo | undefined, config: Record<string, unknown> = {}): InputPort[] {
  if (!type) return UNKNOWN_INPUTS;
  if (type.key === CALL_TYPE) {
    const mapped = mappedPorts(config, "inputs");
    if (mapped.length) {
      return mapped.map(([name, source]) => ({
        name,
        multiple: false,
        required: true,
        description: `Replaces the source ${JSON.stringify(String(source))} of the called pipeline.`,
      }));
    }
  }
  return type.inputs;
}

export function outputPorts(
  type: NodeTypeInfo | undefined,
  config: Record<string, unknown> = {},
  schemas?: Schemas,
  key?: string,
): OutputPort[] {
  if (!type) return UNKNOWN_OUTPUTS;
  if (type.key === CALL_TYPE) {
    const mapped = mappedPorts(config, "outputs");
    if (mapped.length) return mapped.map(([name, node]) => ({ name, description: `The called node ${JSON.stringify(String(node))}.` }));
  }
  if (!type.dynamic_outputs) return type.outputs;
  const names: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === "string" && name && !names.includes(name)) names.push(name);
  };
  const routes = config.routes;
  if (Array.isArray(routes)) for (const route of routes) add((route as { port?: unknown })?.port);
  if (typeof config.default_port === "string" && config.default_port) add(config.default_port);
  else for (const port of type.outputs) add(port.name);
  if (schemas && key && schemas[key]) {
    for (const port of Object.keys(schemas[key])) if (!port.startsWith("in:")) add(port);
  }
  const described = new Map(type.outputs.map((p) => [p.name, p.description]));
  return names.map((name) => ({ name, description: described.get(name) ?? "" }));
}
