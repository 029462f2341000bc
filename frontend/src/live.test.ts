import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveClient, backoffDelay, type LiveState } from "./live";
import { FakeSocket } from "./testing/fakeSocket";

const last = () => FakeSocket.instances[FakeSocket.instances.length - 1];

function client(overrides: Partial<ConstructorParameters<typeof LiveClient>[0]> = {}) {
  return new LiveClient({
    url: "ws://test/ws/events/",
    socketFactory: (url) => new FakeSocket(url),
    random: () => 0.5,
    ...overrides,
  });
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("backoffDelay", () => {
  it("grows exponentially, is capped, and is jittered", () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 0)).toBe(4000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 1000, 30_000, () => 0)).toBe(15_000);
  });
});

describe("LiveClient", () => {
  it("subscribes the page topics once the socket opens, and moves connecting -> live", () => {
    const states: LiveState[] = [];
    const live = client({ topics: ["dashboard", "user:1"], onState: (s) => states.push(s) });
    expect(live.state).toBe("connecting");
    live.start();
    expect(last().url).toBe("ws://test/ws/events/");
    expect(last().sent).toEqual([]);
    last().open();
    expect(live.state).toBe("live");
    expect(last().sent).toEqual([
      { op: "subscribe", topic: "dashboard" },
      { op: "subscribe", topic: "user:1" },
    ]);
    expect(states).toEqual(["live"]);
  });

  it("reconnects with growing backoff and resumes every topic with since=<last id seen>", () => {
    const states: LiveState[] = [];
    const live = client({ topics: ["dashboard"], onState: (s) => states.push(s) });
    const got: number[] = [];
    live.start();
    last().open();
    live.subscribe("execution:7", (e) => got.push(e.id));
    expect(last().sent.at(-1)).toEqual({ op: "subscribe", topic: "execution:7" });
    last().event(10, "dashboard", "execution.started");
    last().event(11, "execution:7");
    last().event(12, "execution:7");

    last().drop();
    expect(live.state).toBe("offline");
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(749); // attempt 0 with random 0.5: 500 + 0.5 * 500 = 750 ms
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(live.state).toBe("connecting");

    last().drop(); // the server is still down: the next wait is longer
    vi.advanceTimersByTime(1499);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);

    last().open();
    expect(live.state).toBe("live");
    expect(last().sent).toEqual([
      { op: "subscribe", topic: "dashboard", since: 10 },
      { op: "subscribe", topic: "execution:7", since: 12 },
    ]);
    expect(states).toEqual(["live", "offline", "connecting", "offline", "connecting", "live"]);
    expect(got).toEqual([11, 12]);

    // After a success the backoff starts over.
    last().drop();
    vi.advanceTimersByTime(750);
    expect(FakeSocket.instances).toHaveLength(4);
  });

  it("never delivers an event twice, whatever the server replays", () => {
    const onEvent = vi.fn();
    const live = client({ onEvent });
    const got: number[] = [];
    live.subscribe("execution:3", (e) => got.push(e.id));
    live.start();
    last().open();
    last().event(1, "execution:3");
    last().event(2, "execution:3");
    last().drop();
    vi.advanceTimersByTime(1000);
    last().open();
    // A replay that overlaps what was already seen, then live events.
    last().event(2, "execution:3");
    last().event(3, "execution:3");
    last().event(3, "execution:3");
    last().event(4, "execution:3");
    expect(got).toEqual([1, 2, 3, 4]);
    expect(onEvent).toHaveBeenCalledTimes(4);
  });

  it("replays a new topic from `since` and honours replay_truncated", () => {
    const live = client();
    live.start();
    last().open();
    live.subscribe("execution:9", () => {}, { since: 0 });
    expect(last().sent.at(-1)).toEqual({ op: "subscribe", topic: "execution:9", since: 0 });
    last().event(5, "execution:9");
    last().receive({ type: "replay_truncated", topic: "execution:9", next_since: 1005 });
    expect(last().sent.at(-1)).toEqual({ op: "subscribe", topic: "execution:9", since: 1005 });
  });

  it("unsubscribes a topic when its last handler goes, but keeps the page topics", () => {
    const live = client({ topics: ["dashboard"] });
    live.start();
    last().open();
    const a = live.subscribe("execution:1", () => {});
    const b = live.subscribe("execution:1", () => {});
    expect(last().sent.filter((m) => m.topic === "execution:1")).toHaveLength(1);
    a();
    expect(last().sent.at(-1)).toEqual({ op: "subscribe", topic: "execution:1" });
    b();
    expect(last().sent.at(-1)).toEqual({ op: "unsubscribe", topic: "execution:1" });
    const off = live.subscribe("dashboard", () => {});
    off();
    expect(last().sent.at(-1)).toEqual({ op: "unsubscribe", topic: "execution:1" });
    expect(Object.keys(live.subscriptions())).toEqual(["dashboard"]);
  });

  it("forgets a topic the server refuses, so a reconnect does not ask again", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const live = client({ topics: ["dashboard", "user:2"] });
    live.start();
    last().open();
    last().receive({ type: "error", code: "forbidden", message: "You may not subscribe to user:2.", topic: "user:2" });
    last().receive({ type: "error", code: "malformed", message: "?" });
    expect(Object.keys(live.subscriptions())).toEqual(["dashboard"]);
    last().drop();
    vi.advanceTimersByTime(1000);
    last().open();
    expect(last().sent).toEqual([{ op: "subscribe", topic: "dashboard" }]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it("pings, and reconnects when nothing comes back", () => {
    const live = client({ pingIntervalMs: 1000 });
    live.start();
    last().open();
    vi.advanceTimersByTime(1000);
    expect(last().sent).toEqual([{ op: "ping" }]);
    last().receive({ type: "pong", id: null });
    vi.advanceTimersByTime(1000);
    expect(last().sent).toHaveLength(2);
    // Silence for 2.5 intervals: the socket is given up and a new one is opened.
    vi.advanceTimersByTime(2000);
    expect(live.state).toBe("offline");
    expect(FakeSocket.instances[0].closedWith).toBe(4000);
    vi.advanceTimersByTime(750);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it("asks for a refresh every 30 s while down, and once after it is back", () => {
    const onRefresh = vi.fn();
    const live = client({ onRefresh, baseDelayMs: 60_000, maxDelayMs: 60_000, pingIntervalMs: 10_000_000 });
    live.start();
    last().open();
    expect(onRefresh).not.toHaveBeenCalled();
    last().drop();
    vi.advanceTimersByTime(29_999);
    expect(onRefresh).toHaveBeenCalledTimes(0);
    vi.advanceTimersByTime(1);
    expect(onRefresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(15_000); // the reconnect (45 s with random 0.5) fails again
    last().drop();
    vi.advanceTimersByTime(15_000);
    expect(onRefresh).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(45_000);
    last().open();
    expect(onRefresh).toHaveBeenCalledTimes(4); // 90 s mark, then the catch-up after reconnecting
    vi.advanceTimersByTime(120_000);
    expect(onRefresh).toHaveBeenCalledTimes(4); // live again: no more polling
  });

  it("stop() closes the socket and does not reconnect", () => {
    const live = client();
    live.start();
    last().open();
    live.stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(live.state).toBe("offline");
  });
});
