// The palette: node types grouped by family, a search box, drag onto the canvas (or Enter/click to add).
import { useMemo, useState } from "react";
import type { NodeTypeInfo } from "../flow/types";

export const DRAG_MIME = "application/x-sluice-node-type";
const FAMILY_ORDER = ["source", "transform", "quality", "destination"];
const FAMILY_TITLES: Record<string, string> = {
  source: "Sources",
  transform: "Transforms",
  quality: "Quality",
  destination: "Destinations",
};

export function groupTypes(types: NodeTypeInfo[], query: string): Array<[string, NodeTypeInfo[]]> {
  const q = query.trim().toLowerCase();
  const matching = types.filter(
    (t) =>
      !q ||
      t.key.toLowerCase().includes(q) ||
      t.title.toLowerCase().includes(q) ||
      t.description.toLowerCase().includes(q),
  );
  const groups = new Map<string, NodeTypeInfo[]>();
  for (const type of matching) groups.set(type.family, [...(groups.get(type.family) ?? []), type]);
  const rank = (family: string) => {
    const i = FAMILY_ORDER.indexOf(family);
    return i === -1 ? FAMILY_ORDER.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([family, list]) => [family, [...list].sort((a, b) => a.title.localeCompare(b.title))]);
}

export function Palette({ types, onAdd }: { types: NodeTypeInfo[]; onAdd: (type: NodeTypeInfo) => void }) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => groupTypes(types, query), [types, query]);
  return (
    <nav className="sluice-palette" aria-label="Node types" data-tour="palette">
      <h2 className="h6 mb-2">Add a node</h2>
      <label htmlFor="palette-search" className="form-label small mb-1">
        Search node types
      </label>
      <input
        id="palette-search"
        type="search"
        className="form-control form-control-sm mb-2"
        placeholder="filter, join, csv…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <p className="small text-body-secondary mb-2" id="palette-help">
        Drag a type onto the canvas, or focus it and press Enter.
      </p>
      {groups.length === 0 ? <p className="small">No node type matches “{query}”.</p> : null}
      {groups.map(([family, list]) => (
        <section key={family} className="mb-2" aria-labelledby={`palette-family-${family}`}>
          <h3 id={`palette-family-${family}`} className="sluice-palette-family">
            {FAMILY_TITLES[family] ?? family}
          </h3>
          <ul className="list-unstyled mb-0">
            {list.map((type) => (
              <li key={type.key}>
                <button
                  type="button"
                  className={`sluice-palette-item family-${type.family}`}
                  draggable
                  data-node-type={type.key}
                  title={type.description}
                  aria-describedby="palette-help"
                  onDragStart={(e) => {
                    e.dataTransfer.setData(DRAG_MIME, type.key);
                    e.dataTransfer.setData("text/plain", type.key);
                    e.dataTransfer.effectAllowed = "copy";
                  }}
                  onClick={() => onAdd(type)}
                >
                  <span className="sluice-palette-title">{type.title}</span>
                  <span className="sluice-palette-key">{type.key}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </nav>
  );
}
