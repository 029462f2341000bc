import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { liveFilterMatches, sendLive, setupLiveFilters, throttleInterval } from "./livefilter";

const event = (topic: string, type: string, id = 1) => ({ id, topic, type, ts: "", data: {} });

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

describe("live throttle (data-live-throttle)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function throttled(interval: string): { element: HTMLElement; seen: string[] } {
    const target = element("execution:7", "-step.log");
    target.dataset.liveThrottle = interval;
    const seen: string[] = [];
    target.addEventListener("sluice:live", (e) => seen.push((e as CustomEvent).detail.type));
    return { element: target, seen };
  }

  it("reads intervals as htmx does, and nothing unreadable", () => {
    expect(throttleInterval("1s")).toBe(1000);
    expect(throttleInterval("2.5s")).toBe(2500);
    expect(throttleInterval("500ms")).toBe(500);
    expect(throttleInterval("750")).toBe(750);
    for (const bad of [undefined, "", "fast", "-1s", "1h", "1s; x", "1e9"]) expect(throttleInterval(bad)).toBe(0);
  });

  it("sends the first event at once and the last of the interval at its end: the run's final event is never lost", () => {
    const { element, seen } = throttled("1s");
    sendLive(element, event("execution:7", "step.cancelled", 1));
    expect(seen).toEqual(["step.cancelled"]);
    vi.advanceTimersByTime(40);
    sendLive(element, event("execution:7", "step.progress", 2));
    sendLive(element, event("execution:7", "execution.cancelled", 3));
    expect(seen).toEqual(["step.cancelled"]); // htmx's own throttle dropped these two for good
    vi.advanceTimersByTime(959);
    expect(seen).toEqual(["step.cancelled"]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(["step.cancelled", "execution.cancelled"]);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(["step.cancelled", "execution.cancelled"]); // nothing sent twice
  });

  it("keeps at most one send per interval while events keep coming, and is immediate again after a quiet one", () => {
    const { element, seen } = throttled("1s");
    for (let i = 0; i < 25; i++) {
      sendLive(element, event("execution:7", `step.progress.${i}`, i));
      vi.advanceTimersByTime(100);
    }
    // 2.5 s of events every 100 ms: at 0, 1 s and 2 s; the last (at 2.4 s) at 3 s.
    expect(seen).toEqual(["step.progress.0", "step.progress.9", "step.progress.19"]);
    vi.advanceTimersByTime(500);
    expect(seen.at(-1)).toBe("step.progress.24");
    vi.advanceTimersByTime(1000); // the interval the trailing send opened ends with nothing pending
    sendLive(element, event("execution:7", "execution.succeeded", 99));
    expect(seen.at(-1)).toBe("execution.succeeded");
    expect(seen).toHaveLength(5);
  });

  it("throttles each element by itself, and not at all without the attribute", () => {
    const a = throttled("2s");
    const b = throttled("2s");
    const plain = element("execution:7", null);
    const plainSeen: number[] = [];
    plain.addEventListener("sluice:live", (e) => plainSeen.push((e as CustomEvent).detail.id));
    for (const [i, target] of [a.element, b.element, a.element, b.element].entries()) {
      sendLive(target, event("execution:7", `t${i}`, i));
    }
    for (let i = 0; i < 3; i++) sendLive(plain, event("execution:7", "step.progress", i));
    expect(a.seen).toEqual(["t0"]);
    expect(b.seen).toEqual(["t1"]);
    expect(plainSeen).toEqual([0, 1, 2]);
    vi.advanceTimersByTime(2000);
    expect(a.seen).toEqual(["t0", "t2"]);
    expect(b.seen).toEqual(["t1", "t3"]);
  });

  it("applies to the events setupLiveFilters routes", () => {
    document.body.innerHTML =
      '<div id="status" data-live-topic="execution:7" data-live-types="-step.log" data-live-throttle="1s"></div>';
    setupLiveFilters(document);
    const seen: string[] = [];
    document.getElementById("status")!.addEventListener("sluice:live", (e) => seen.push((e as CustomEvent).detail.type));
    for (const type of ["step.cancelled", "step.log", "execution.cancelled"]) {
      document.dispatchEvent(new CustomEvent("sluice:event", { detail: event("execution:7", type) }));
    }
    expect(seen).toEqual(["step.cancelled"]);
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(["step.cancelled", "execution.cancelled"]);
  });
});
