// Live refresh of page parts without code in the markup: an element that names the events it follows
// gets a "sluice:live" event (detail: the live event) for each matching one, which its hx-trigger
// listens to ("sluice:live throttle:2s"). htmx's own trigger filters ("sluice:event[...]") are compiled
// with new Function, which the Content-Security-Policy forbids (no 'unsafe-eval').
//
//   data-live-topic="execution:42"            the event's topic must be this one (optional)
//   data-live-types="execution.* -execution.progress"
//                                             space-separated types; "x.*" matches a prefix; a leading
//                                             "-" excludes; with no plain pattern every type matches
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

export function setupLiveFilters(doc: Document = document): void {
  doc.addEventListener("sluice:event", (e) => {
    const event = (e as CustomEvent<LiveEvent>).detail;
    if (!event || typeof event.type !== "string") return;
    for (const element of doc.querySelectorAll<HTMLElement>("[data-live-topic], [data-live-types]")) {
      if (liveFilterMatches(element, event)) {
        element.dispatchEvent(new CustomEvent("sluice:live", { detail: event }));
      }
    }
  });
}
