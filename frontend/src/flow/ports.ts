// Ports of a node: from its type, plus (for types whose outputs depend on the config, like
// transform.branch) the ports its config names and the ports validation reported for it.
import type { InputPort, NodeTypeInfo, OutputPort, Schemas } from "./types";

const UNKNOWN_INPUTS: InputPort[] = [{ name: "in", multiple: false, required: false, description: "" }];
const UNKNOWN_OUTPUTS: OutputPort[] = [{ name: "out", description: "" }];

export function inputPorts(type: NodeTypeInfo | undefined): InputPort[] {
  return type ? type.inputs : UNKNOWN_INPUTS;
}

export function outputPorts(
  type: NodeTypeInfo | undefined,
  config: Record<string, unknown> = {},
  schemas?: Schemas,
  key?: string,
): OutputPort[] {
  if (!type) return UNKNOWN_OUTPUTS;
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
