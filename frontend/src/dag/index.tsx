// dag.js: the read-only DAG on #dag-root[data-graph="<json_script id>"] (execution detail, monitoring).
import "@xyflow/react/dist/style.css";
import "../flow/flow.css";
import "./dag.css";
import { createRoot, type Root } from "react-dom/client";
import { Dag, type DagDocument } from "./Dag";

const roots = new WeakMap<HTMLElement, Root>();

function mount(element: HTMLElement): void {
  const id = element.dataset.graph;
  const script = id ? document.getElementById(id) : null;
  if (!script?.textContent) {
    element.textContent = "No graph to show.";
    return;
  }
  let doc: DagDocument;
  try {
    doc = JSON.parse(script.textContent) as DagDocument;
  } catch {
    element.textContent = "The graph could not be read.";
    return;
  }
  if (!element.hasAttribute("role")) element.setAttribute("role", "region");
  if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", "Pipeline graph");
  roots.get(element)?.unmount();
  const root = createRoot(element);
  roots.set(element, root);
  root.render(<Dag doc={doc} />);
}

function mountAll(): void {
  const element = document.getElementById("dag-root");
  if (element) mount(element);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
else mountAll();
// A page that swaps #dag-root with htmx gets a fresh graph.
document.body?.addEventListener("htmx:afterSwap", (event) => {
  const target = (event as CustomEvent<{ target?: HTMLElement }>).detail?.target;
  if (target && (target.id === "dag-root" || target.querySelector?.("#dag-root"))) mountAll();
});
