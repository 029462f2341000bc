// Find on the canvas (Ctrl+F or Cmd+F in the builder): a query over node keys, labels, types and
// config text; Enter goes to the next match (Shift+Enter the previous), selecting and centring it;
// "Select all" selects every match; Escape closes and gives the focus back to the canvas.
import { useEffect, useMemo, useRef, useState } from "react";
import type { FlowNode } from "../flow/graph";
import { cycle, searchNodes } from "./search";

interface Props {
  nodes: FlowNode[];
  onGo: (key: string) => void;
  onSelectAll: (keys: string[]) => void;
  onClose: () => void;
}

export function SearchBar({ nodes, onGo, onSelectAll, onClose }: Props) {
  const [query, setQuery] = useState("");
  const [index, setIndex] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  // Searched when the query changes, not on every move of a node (2,000 configs to scan).
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  const matches = useMemo(() => searchNodes(nodesRef.current, query), [query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setIndex(-1), [query]);

  const go = (step: 1 | -1) => {
    const next = cycle(index, matches.length, step);
    if (next < 0) return;
    setIndex(next);
    onGo(matches[next].key);
  };
  const summary = !query.trim()
    ? "Type to find a node by key, label, type or config."
    : matches.length === 0
      ? "No node matches."
      : index < 0
        ? `${matches.length} match${matches.length === 1 ? "" : "es"}: Enter goes to the first.`
        : `${index + 1} of ${matches.length}: ${matches[index].key} (${matches[index].field})`;

  return (
    <div role="search" className="sluice-search card shadow-sm" aria-label="Find a node on the canvas">
      <form
        className="d-flex gap-1 align-items-center p-1"
        onSubmit={(e) => {
          e.preventDefault();
          go(1);
        }}
      >
        <label htmlFor="canvas-search" className="visually-hidden">
          Find a node
        </label>
        <input
          id="canvas-search"
          ref={input}
          type="search"
          className="form-control form-control-sm"
          placeholder="Find a node (key, type, config)…"
          value={query}
          aria-describedby="canvas-search-status"
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.preventDefault();
              onClose();
            } else if (e.key === "Enter" && e.shiftKey) {
              e.preventDefault();
              go(-1);
            }
          }}
        />
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => go(-1)} disabled={!matches.length} aria-label="Previous match">
          ↑
        </button>
        <button type="submit" className="btn btn-sm btn-outline-secondary" disabled={!matches.length} aria-label="Next match">
          ↓
        </button>
        <button type="button" className="btn btn-sm btn-outline-secondary text-nowrap" disabled={!matches.length} onClick={() => onSelectAll(matches.map((m) => m.key))}>
          Select all
        </button>
        <button type="button" className="btn-close ms-1" aria-label="Close the search" onClick={onClose} />
      </form>
      <p id="canvas-search-status" className="small mb-1 px-2" role="status" aria-live="polite">
        {summary}
      </p>
    </div>
  );
}
