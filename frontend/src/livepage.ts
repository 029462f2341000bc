// The live client's page wiring: one LiveClient per page (app.js starts it), shared as
// window.sluiceLive; its state on #live-status; every event re-dispatched as a sluice:event.
import { eventsSocketUrl } from "./api/endpoints";
import { LiveClient, type LiveHandler, type LiveState } from "./live";

export interface SluiceLive {
  subscribe(topic: string, handler: LiveHandler, options?: { since?: number }): () => void;
  readonly state: LiveState;
  onState(listener: (state: LiveState) => void): () => void;
}

declare global {
  interface Window {
    sluiceLive?: SluiceLive;
  }
}

const STATE_LABELS: Record<LiveState, string> = { connecting: "Connecting…", live: "Live", offline: "Offline" };

export function renderLiveStatus(element: HTMLElement | null, state: LiveState): void {
  if (!element) return;
  element.dataset.state = state;
  element.textContent = STATE_LABELS[state];
  element.setAttribute("title", `Live updates: ${STATE_LABELS[state].replace("…", "")}`);
}

/** Page wiring: the socket URL from location, topics from body[data-live-topics], window.sluiceLive. */
export function startLive(doc: Document = document, win: Window = window): LiveClient {
  const topics = (doc.body?.dataset.liveTopics ?? "").split(/\s+/).filter(Boolean);
  const since = Number.parseInt(doc.body?.dataset.liveSince ?? "", 10);
  const client = new LiveClient({
    url: eventsSocketUrl(win.location),
    topics: [...new Set(topics)],
    since: Number.isNaN(since) ? null : since,
    onEvent: (event) => doc.dispatchEvent(new CustomEvent("sluice:event", { detail: event })),
    onRefresh: () => doc.dispatchEvent(new CustomEvent("sluice:refresh")),
    onState: (state) => {
      renderLiveStatus(doc.getElementById("live-status"), state);
      doc.dispatchEvent(new CustomEvent("sluice:live-state", { detail: { state } }));
    },
  });
  const api: SluiceLive = {
    subscribe: (topic, handler, options) => {
      client.start(); // a page without topics (the sign-in page) opens the socket only when asked
      return client.subscribe(topic, handler, options);
    },
    get state() {
      return client.state;
    },
    onState: (listener) => client.onState(listener),
  };
  win.sluiceLive = api;
  const status = doc.getElementById("live-status");
  renderLiveStatus(status, client.state);
  if (topics.length > 0 || status) client.start();
  doc.dispatchEvent(new CustomEvent("sluice:live-ready"));
  return client;
}

/** Resolves with window.sluiceLive once app.js has set it up (it normally already has). */
export function whenLive(doc: Document = document, win: Window = window): Promise<SluiceLive> {
  if (win.sluiceLive) return Promise.resolve(win.sluiceLive);
  return new Promise((resolve) => {
    doc.addEventListener("sluice:live-ready", () => resolve(win.sluiceLive as SluiceLive), { once: true });
  });
}
