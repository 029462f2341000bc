import { describe, expect, it } from "vitest";
import { liveFilterMatches, setupLiveFilters } from "./livefilter";

const event = (topic: string, type: string) => ({ id: 1, topic, type, ts: "", data: {} });

function element(topic: string | null, types: string | null): HTMLElement {
  const el = document.createElement("div");
  if (topic !== null) el.dataset.liveTopic = topic;
  if (types !== null) el.dataset.liveTypes = types;
  return el;
}

describe("live filters", () => {
  it("match the topic, type prefixes and exclusions", () => {
    const dashboard = element("dashboard", "execution.* -execution.progress");
    expect(liveFilterMatches(dashboard, event("dashboard", "execution.started"))).toBe(true);
    expect(liveFilterMatches(dashboard, event("dashboard", "execution.progress"))).toBe(false);
    expect(liveFilterMatches(dashboard, event("dashboard", "worker.online"))).toBe(false);
    expect(liveFilterMatches(dashboard, event("execution:1", "execution.started"))).toBe(false);
    const logs = element("execution:4", "step.log execution.*");
    expect(liveFilterMatches(logs, event("execution:4", "step.log"))).toBe(true);
    expect(liveFilterMatches(logs, event("execution:4", "step.succeeded"))).toBe(false);
    expect(liveFilterMatches(logs, event("execution:40", "step.log"))).toBe(false);
    const detail = element("execution:4", "-step.log");
    expect(liveFilterMatches(detail, event("execution:4", "step.succeeded"))).toBe(true);
    expect(liveFilterMatches(detail, event("execution:4", "step.log"))).toBe(false);
    const workers = element(null, "worker.*");
    expect(liveFilterMatches(workers, event("metrics:system", "worker.online"))).toBe(true);
    expect(liveFilterMatches(workers, event("metrics:system", "workers"))).toBe(false);
  });

  it("send sluice:live to the matching elements only", () => {
    document.body.innerHTML =
      '<div id="a" data-live-types="notification.created"></div><div id="b" data-live-topic="dashboard"></div>';
    setupLiveFilters(document);
    const seen: string[] = [];
    for (const id of ["a", "b"]) document.getElementById(id)!.addEventListener("sluice:live", () => seen.push(id));
    document.dispatchEvent(new CustomEvent("sluice:event", { detail: event("user:1", "notification.created") }));
    document.dispatchEvent(new CustomEvent("sluice:event", { detail: event("dashboard", "pipeline.created") }));
    expect(seen).toEqual(["a", "b"]);
  });
});
