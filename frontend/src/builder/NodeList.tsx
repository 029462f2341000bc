// The node list (toolbar "Node list"): every node of the graph for keyboard and screen-reader users,
// filterable like the canvas search. Arrow keys move in the list, Enter selects the node and centres
// the canvas on it; Home/End go to the first and last. At most LIST_LIMIT rows are drawn.
import { useMemo, useRef, useState } from "react";
import type { FlowNode } from "../flow/graph";
import type { Problem } from "../flow/types";
import { searchNodes } from "./search";

export const LIST_LIMIT = 300;

interface Props {
  nodes: FlowNode[];
  problems: Record<string, Problem[]>;
  onGo: (key: string) => void;
}

function describe(node: FlowNode, problems: Problem[] | undefined): string {
  const d = node.data;
  const count = problems?.length ?? 0;
  return [d.label ? `${node.id}, ${d.label}` : node.id, `${d.title} (${d.type})`, count ? `${count} problem${count === 1 ? "" : "s"}` : ""]
    .filter(Boolean)
    .join(", ");
}

export function NodeList({ nodes, problems, onGo }: Props) {
  const [filter, setFilter] = useState("");
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  // Rebuilt when the filter or the set of nodes changes, not when one moves.
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const ids = nodes.map((n) => `${n.id}\u0000${n.data.label}`).join("\u0001");
  const byKey = useMemo(() => new Map(nodesRef.current.map((n) => [n.id, n])), [ids]);
  const shown = useMemo(() => {
    const all = [...byKey.values()];
    const keys = filter.trim()
      ? searchNodes(all, filter).map((m) => m.key)
      : all.map((n) => n.id).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    return keys;
  }, [byKey, filter]);
  const visible = shown.slice(0, LIST_LIMIT);
  const current = Math.min(active, visible.length - 1);
  const optionId = (key: string) => `node-list-${key}`;

  const move = (to: number) => {
    const next = Math.max(0, Math.min(visible.length - 1, to));
    setActive(next);
    document.getElementById(optionId(visible[next]))?.scrollIntoView({ block: "nearest" });
  };

  return (
    <aside id="node-list" className="sluice-node-list" aria-label="Node list">
      <h2 className="h6 mb-2">Nodes ({nodes.length.toLocaleString("en-US")})</h2>
      <label htmlFor="node-list-filter" className="form-label small mb-1">
        Filter nodes
      </label>
      <input
        id="node-list-filter"
        type="search"
        className="form-control form-control-sm mb-1"
        placeholder="key, type, config…"
        value={filter}
        aria-controls="node-list-options"
        onChange={(e) => {
          setFilter(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" && visible.length) {
            e.preventDefault();
            listRef.current?.focus();
          }
        }}
      />
      <p className="small text-body-secondary mb-1" id="node-list-help">
        {shown.length > visible.length
          ? `Showing ${visible.length} of ${shown.length}: refine the filter. `
          : `${shown.length} node${shown.length === 1 ? "" : "s"}. `}
        Arrow keys move, Enter selects and centres.
      </p>
      <ul
        id="node-list-options"
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Nodes"
        aria-describedby="node-list-help"
        aria-activedescendant={visible.length ? optionId(visible[current]) : undefined}
        className="list-unstyled mb-0 sluice-node-list-options"
        onKeyDown={(e) => {
          if (!visible.length) return;
          const keys: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: visible.length - 1 };
          if (e.key in keys) {
            e.preventDefault();
            move(keys[e.key]);
          } else if (e.key === "Enter" || e.key === " ") {
            e.preventDefault();
            onGo(visible[current]);
          }
        }}
      >
        {visible.map((key, i) => {
          const node = byKey.get(key) as FlowNode;
          const count = problems[key]?.length ?? 0;
          return (
            <li
              key={key}
              id={optionId(key)}
              role="option"
              aria-selected={i === current}
              aria-label={describe(node, problems[key])}
              className={`sluice-node-list-item ${i === current ? "active" : ""}`}
              onClick={() => {
                setActive(i);
                onGo(key);
              }}
            >
              <code>{key}</code> <span className="text-body-secondary small">{node.data.title}</span>
              {count ? <span className="badge text-bg-danger ms-1">{count}</span> : null}
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
