import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LiveClient, backoffDelay, startLive, type LiveEvent, type LiveState, type SocketLike } from "./live";

class FakeSocket implements SocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closedWith: number | undefined;

  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data));
  }
  close(code?: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  // What the server side does:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  event(id: number, topic: string, type = "step.succeeded", data: Record<string, unknown> = {}): void {
    this.receive({ type: "event", event: { id, uuid: `u${id}`, type, topic, ts: "2026-11-25T08:00:00Z", data } });
  }
}

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

/** Replaces the global WebSocket by FakeSocket; the array collects the sockets made, `restore()` undoes it. */
function fakeWebSockets(): FakeSocket[] & { restore(): void } {
  const original = globalThis.WebSocket;
  const created: FakeSocket[] & { restore(): void } = Object.assign([] as FakeSocket[], {
    restore: () => {
      globalThis.WebSocket = original;
    },
  });
  globalThis.WebSocket = vi.fn((url: string) => {
    const socket = new FakeSocket(url);
    created.push(socket);
    return socket;
  }) as unknown as typeof WebSocket;
  return created;
}

describe("startLive", () => {
  it("wires the page: topics from the body, #live-status, window.sluiceLive and sluice:event", () => {
    document.body.innerHTML = '<span id="live-status" data-state="connecting" role="status"></span>';
    document.body.dataset.liveTopics = "dashboard user:4  dashboard";
    const created = fakeWebSockets();
    try {
      const seen: LiveEvent[] = [];
      document.addEventListener("sluice:event", (e) => seen.push((e as CustomEvent<LiveEvent>).detail));
      const live = startLive(document, window);
      expect(created[0].url).toBe(`ws://${window.location.host}/ws/events/`);
      created[0].open();
      expect(created[0].sent.map((m) => m.topic)).toEqual(["dashboard", "user:4"]);
      const status = document.getElementById("live-status") as HTMLElement;
      expect(status.dataset.state).toBe("live");
      expect(status.textContent).toBe("Live");
      expect(window.sluiceLive?.state).toBe("live");
      const handler = vi.fn();
      window.sluiceLive?.subscribe("execution:2", handler);
      created[0].event(40, "execution:2");
      expect(handler).toHaveBeenCalledTimes(1);
      expect(seen.map((e) => e.id)).toEqual([40]);
      created[0].drop();
      expect(status.dataset.state).toBe("offline");
      expect(status.textContent).toBe("Offline");
      live.stop();
    } finally {
      created.restore();
    }
  });

  it("resumes the page's topics from the event id the page was rendered with", () => {
    document.body.innerHTML = '<span id="live-status" data-state="connecting" role="status"></span>';
    document.body.dataset.liveTopics = "execution:9";
    document.body.dataset.liveSince = "120";
    const created = fakeWebSockets();
    try {
      const live = startLive(document, window);
      created[0].open();
      expect(created[0].sent).toEqual([{ op: "subscribe", topic: "execution:9", since: 120 }]);
      live.stop();
    } finally {
      created.restore();
      delete document.body.dataset.liveSince;
    }
  });

  it("opens no socket on a page without topics until something subscribes", () => {
    document.body.innerHTML = "<main>Sign in</main>";
    document.body.dataset.liveTopics = "";
    const created = fakeWebSockets();
    try {
      const live = startLive(document, window);
      expect(created).toHaveLength(0);
      window.sluiceLive?.subscribe("dashboard", () => {});
      expect(created).toHaveLength(1);
      created[0].open();
      expect(created[0].sent).toEqual([{ op: "subscribe", topic: "dashboard" }]);
      live.stop();
    } finally {
      created.restore();
    }
  });
});
