// Live refresh of page parts without code in the markup: an element that names the events it follows
// gets a "sluice:live" event (detail: the live event) for each matching one, which its hx-trigger
// listens to (hx-trigger="sluice:live"). htmx's own trigger filters ("sluice:event[...]") are compiled
// with new Function, which the Content-Security-Policy forbids (no 'unsafe-eval').
//
//   data-live-topic="execution:42"            the event's topic must be this one (optional)
//   data-live-types="execution.* -execution.progress"
//                                             space-separated types; "x.*" matches a prefix; a leading
//                                             "-" excludes; with no plain pattern every type matches
//   data-live-throttle="1s"                   at most one sluice:live per interval ("2s", "500ms"): the
//                                             first event at once, the later ones of the interval as one
//                                             at its end (detail: the last of them)
//
// Not htmx's "sluice:live throttle:1s": htmx drops the events of the interval, so a run's last event
// (execution.cancelled a few milliseconds after step.cancelled) was lost whenever the refresh of the
// one before it had been answered before the run finished, and the part kept the old status. Here
// every event leads to a sluice:live sent after it arrived; a request still in flight then is followed
// by another (htmx queues the last trigger of an element behind its request).
import type { LiveEvent } from "./live";

function typeMatches(pattern: string, type: string): boolean {
  return pattern.endsWith("*") ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

export function liveFilterMatches(element: HTMLElement, event: LiveEvent): boolean {
  const topic = element.dataset.liveTopic;
  if (topic && event.topic !== topic) return false;
  const patterns = (element.dataset.liveTypes ?? "").split(/\s+/).filter(Boolean);
  const excluded = patterns.filter((p) => p.startsWith("-")).map((p) => p.slice(1));
  const included = patterns.filter((p) => !p.startsWith("-"));
  if (excluded.some((p) => typeMatches(p, event.type))) return false;
  return included.length === 0 || included.some((p) => typeMatches(p, event.type));
}

/** Milliseconds of a data-live-throttle value ("2s", "500ms", "750": milliseconds); 0 when absent or unreadable. */
export function throttleInterval(value: string | undefined): number {
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s)?\s*$/.exec(value ?? "");
  if (!match) return 0;
  const amount = Number(match[1]);
  return match[2] === "s" ? amount * 1000 : amount;
}

interface Throttle {
  timer: ReturnType<typeof setTimeout> | null;
  pending: LiveEvent | null;
}

const throttles = new WeakMap<HTMLElement, Throttle>();

function dispatchLive(element: HTMLElement, event: LiveEvent): void {
  element.dispatchEvent(new CustomEvent("sluice:live", { detail: event }));
}

/** Sends ``event`` to ``element`` as sluice:live, within the element's data-live-throttle: leading and
 * trailing, so the last event of a burst is always sent (at the end of its interval). */
export function sendLive(element: HTMLElement, event: LiveEvent): void {
  const interval = throttleInterval(element.dataset.liveThrottle);
  if (interval <= 0) {
    dispatchLive(element, event);
    return;
  }
  let throttle = throttles.get(element);
  if (!throttle) {
    throttle = { timer: null, pending: null };
    throttles.set(element, throttle);
  }
  if (throttle.timer !== null) {
    throttle.pending = event; // the newest wins; sent when the interval ends
    return;
  }
  const state = throttle;
  const openInterval = (): void => {
    state.timer = setTimeout(() => {
      const next = state.pending;
      state.pending = null;
      state.timer = null;
      if (next) {
        dispatchLive(element, next);
        openInterval(); // the trailing send opens an interval of its own
      }
    }, interval);
  };
  dispatchLive(element, event);
  openInterval();
}

export function setupLiveFilters(doc: Document = document): void {
  doc.addEventListener("sluice:event", (e) => {
    const event = (e as CustomEvent<LiveEvent>).detail;
    if (!event || typeof event.type !== "string") return;
    for (const element of doc.querySelectorAll<HTMLElement>("[data-live-topic], [data-live-types]")) {
      if (liveFilterMatches(element, event)) sendLive(element, event);
    }
  });
}
