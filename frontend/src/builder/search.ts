// Finding nodes on the canvas (Ctrl+F) and in the node list: by key, label, type (key or title) or
// any text of the config. The config's text is computed once per config object.
import type { FlowNode } from "../flow/graph";

const configText = new WeakMap<object, string>();

function textOfConfig(config: Record<string, unknown> | undefined): string {
  if (!config) return "";
  let text = configText.get(config);
  if (text === undefined) {
    text = JSON.stringify(config).toLowerCase();
    configText.set(config, text);
  }
  return text;
}

export type MatchField = "key" | "label" | "type" | "config";

export interface Match {
  key: string;
  /** Where the query was found first (key, then label, type, config). */
  field: MatchField;
}

/** The nodes matching `query` (case-insensitive, as one phrase: "amount > 100" finds that condition),
 * in canvas order: top to bottom, then left to right. An empty query matches nothing. */
export function searchNodes(nodes: FlowNode[], query: string): Match[] {
  const phrase = query.trim().toLowerCase();
  if (!phrase) return [];
  const matches: Array<Match & { x: number; y: number }> = [];
  for (const node of nodes) {
    const d = node.data;
    const fields: Array<[MatchField, string]> = [
      ["key", node.id.toLowerCase()],
      ["label", (d.label ?? "").toLowerCase()],
      ["type", `${d.type} ${d.title}`.toLowerCase()],
      ["config", textOfConfig(d.config)],
    ];
    const field = fields.find(([, text]) => text.includes(phrase))?.[0];
    if (field) matches.push({ key: node.id, field, x: node.position.x, y: node.position.y });
  }
  matches.sort((a, b) => a.y - b.y || a.x - b.x || a.key.localeCompare(b.key));
  return matches.map(({ key, field }) => ({ key, field }));
}

/** The index after (or before, `step` -1) `current` in a list of `count`, wrapping around. */
export function cycle(current: number, count: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}
