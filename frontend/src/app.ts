// app.js — loaded on every page: Bootstrap, htmx with the CSRF header, the live client, the unread
// badge and browser notifications, and the charts.
import "bootstrap/dist/css/bootstrap.min.css";
import "./styles/app.css";
import * as bootstrap from "bootstrap";
import htmx from "htmx.org";
import { setupCharts } from "./charts";
import { csrfToken } from "./csrf";
import { startLive } from "./livepage";
import { setupLiveFilters } from "./livefilter";
import { setupNotifications } from "./notify";
import { setupVersionLabels } from "./versions";
import { followSystemTheme } from "./theme";

declare global {
  interface Window {
    bootstrap: typeof bootstrap;
    htmx: typeof htmx;
  }
}

window.bootstrap = bootstrap;
window.htmx = htmx;

document.addEventListener("htmx:configRequest", (e) => {
  const detail = (e as CustomEvent<{ headers: Record<string, string> }>).detail;
  const token = csrfToken(document);
  if (token) detail.headers["X-CSRFToken"] = token;
});

// <form data-confirm="Question?">: asks before it submits (no inline onsubmit: the CSP refuses those).
document.addEventListener("submit", (e) => {
  const form = e.target as HTMLFormElement;
  const question = form.dataset?.confirm;
  if (question && !window.confirm(question)) e.preventDefault();
});

function ready(fn: () => void): void {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn, { once: true });
  else fn();
}

followSystemTheme(document, window); // the head script chose before paint; this follows later switches

ready(() => {
  setupNotifications(document, window);
  setupCharts(document, window);
  setupVersionLabels(document);
  setupLiveFilters(document);
  startLive(document, window);
});
