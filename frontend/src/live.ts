// The live client: one WebSocket to /ws/events/ shared by the whole page (see docs/events.md).
//
// - reconnects with exponential backoff and full jitter, and re-subscribes every topic with
//   since=<the last event id seen on that topic>, so nothing is missed across a reconnect;
// - drops events it has already delivered (the server replays from `since`, a topic may be
//   re-subscribed after a replay_truncated, and a test or a page may subscribe twice);
// - pings so idle connections stay open and a half-dead socket is noticed;
// - reports its state (connecting | live | offline) and, while the socket is down, asks the page to
//   refresh itself every 30 s (and once after it is back), so htmx fragments stay current.
//
// The page's wiring (window.sluiceLive, #live-status, sluice:event) is in livepage.ts.
import type { EventEnvelope } from "./api/types";

export type LiveState = "connecting" | "live" | "offline";

/** An event as it arrives; narrow it to a typed one with isEventOf (api/types.ts). */
export type LiveEvent = EventEnvelope;

export type LiveHandler = (event: LiveEvent) => void;

/** The part of the browser's WebSocket the client uses (a fake one in tests). */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

export interface LiveOptions {
  url: string;
  socketFactory?: SocketFactory;
  /** Topics subscribed for the life of the page (body[data-live-topics]). */
  topics?: string[];
  /** The last event id the page was rendered with (body[data-live-since]): the first subscription to
   * those topics replays what happened between the render and the socket opening. */
  since?: number | null;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pingIntervalMs?: number;
  refreshIntervalMs?: number;
  onEvent?: (event: LiveEvent) => void;
  onState?: (state: LiveState) => void;
  onRefresh?: () => void;
}

interface TopicState {
  lastId: number | null;
  handlers: Set<LiveHandler>;
  pinned: boolean;
}

const OPEN = 1;
const SEEN_LIMIT = 5000;

export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  // "Equal jitter": half the exponential delay for sure, the other half at random, so clients that
  // lost the server together do not all come back in the same instant.
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class LiveClient {
  private readonly opts: Required<Omit<LiveOptions, "topics" | "since" | "onEvent" | "onState" | "onRefresh">> &
    Pick<LiveOptions, "onEvent" | "onRefresh">;
  private readonly topics = new Map<string, TopicState>();
  private readonly seen = new Set<number>();
  private readonly stateListeners = new Set<(state: LiveState) => void>();
  private socket: SocketLike | null = null;
  private attempt = 0;
  private stopped = true;
  private everLive = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setInterval> | null = null;
  private lastMessageAt = 0;
  private _state: LiveState = "connecting";

  constructor(options: LiveOptions) {
    this.opts = {
      url: options.url,
      socketFactory:
        options.socketFactory ?? ((url: string) => new WebSocket(url) as unknown as SocketLike),
      random: options.random ?? Math.random,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      refreshIntervalMs: options.refreshIntervalMs ?? 30_000,
      onEvent: options.onEvent,
      onRefresh: options.onRefresh,
    };
    if (options.onState) this.stateListeners.add(options.onState);
    for (const topic of options.topics ?? []) {
      this.topics.set(topic, { lastId: options.since ?? null, handlers: new Set(), pinned: true });
    }
  }

  get state(): LiveState {
    return this._state;
  }

  /** Calls `listener` on every state change; returns a function that stops it. */
  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer("reconnect");
    this.clearTimer("ping");
    this.clearTimer("refresh");
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, "stopped");
    }
    this.setState("offline");
  }

  /** Topics this client is subscribed to, with the last event id seen on each. */
  subscriptions(): Record<string, number | null> {
    const out: Record<string, number | null> = {};
    for (const [topic, state] of this.topics) out[topic] = state.lastId;
    return out;
  }

  /**
   * Subscribes `handler` to `topic`; `since` (an event id, 0 for the whole history of the topic)
   * replays the stored events after it first. Returns the function that unsubscribes.
   */
  subscribe(topic: string, handler: LiveHandler, options: { since?: number } = {}): () => void {
    let state = this.topics.get(topic);
    const fresh = !state;
    if (!state) {
      state = { lastId: options.since ?? null, handlers: new Set(), pinned: false };
      this.topics.set(topic, state);
    }
    state.handlers.add(handler);
    if (fresh) this.sendSubscribe(topic);
    return () => {
      const current = this.topics.get(topic);
      if (!current) return;
      current.handlers.delete(handler);
      if (current.handlers.size === 0 && !current.pinned) {
        this.topics.delete(topic);
        this.send({ op: "unsubscribe", topic });
      }
    };
  }

  private connect(): void {
    if (this.stopped) return;
    this.setState("connecting");
    let socket: SocketLike;
    try {
      socket = this.opts.socketFactory(this.opts.url);
    } catch {
      this.handleClose();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      const wasDown = this.everLive;
      this.attempt = 0;
      this.everLive = true;
      this.lastMessageAt = Date.now();
      this.clearTimer("refresh");
      for (const topic of this.topics.keys()) this.sendSubscribe(topic);
      this.startPing();
      this.setState("live");
      if (wasDown) this.opts.onRefresh?.(); // catch up on what htmx fragments missed
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.lastMessageAt = Date.now();
      this.handleMessage(message.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnecting is handled there.
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      this.handleClose();
    };
  }

  private handleClose(): void {
    this.clearTimer("ping");
    if (this.stopped) return;
    this.setState("offline");
    if (this.refreshTimer === null) {
      this.refreshTimer = setInterval(() => this.opts.onRefresh?.(), this.opts.refreshIntervalMs);
    }
    const delay = backoffDelay(this.attempt, this.opts.baseDelayMs, this.opts.maxDelayMs, this.opts.random);
    this.attempt += 1;
    this.clearTimer("reconnect");
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private handleMessage(raw: unknown): void {
    let message: Record<string, unknown>;
    try {
      message = typeof raw === "string" ? JSON.parse(raw) : (raw as Record<string, unknown>);
    } catch {
      return;
    }
    if (!message || typeof message !== "object") return;
    switch (message.type) {
      case "event":
        this.deliver(message.event as LiveEvent);
        break;
      case "replay_truncated": {
        // More was missed than one replay holds: ask again from where this replay stopped.
        const topic = String(message.topic);
        const state = this.topics.get(topic);
        if (state && typeof message.next_since === "number") {
          state.lastId = Math.max(state.lastId ?? 0, message.next_since);
          this.sendSubscribe(topic);
        }
        break;
      }
      case "error":
        console.warn("sluice live:", message.code, message.message);
        // A topic this user may not follow (or that does not exist) is not asked for again.
        if ((message.code === "forbidden" || message.code === "unknown_topic") && typeof message.topic === "string") {
          this.topics.delete(message.topic);
        }
        break;
      default:
        break; // welcome, subscribed, unsubscribed, pong, heartbeat
    }
  }

  private deliver(event: LiveEvent): void {
    if (!event || typeof event.id !== "number") return;
    if (this.seen.has(event.id)) return;
    this.seen.add(event.id);
    if (this.seen.size > SEEN_LIMIT) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    const state = this.topics.get(event.topic);
    if (state) {
      state.lastId = Math.max(state.lastId ?? 0, event.id);
      for (const handler of [...state.handlers]) {
        try {
          handler(event);
        } catch (error) {
          console.error("sluice live handler failed", error);
        }
      }
    }
    this.opts.onEvent?.(event);
  }

  private sendSubscribe(topic: string): void {
    const state = this.topics.get(topic);
    if (!state) return;
    const message: Record<string, unknown> = { op: "subscribe", topic };
    if (state.lastId !== null) message.since = state.lastId;
    this.send(message);
  }

  private send(message: Record<string, unknown>): void {
    const socket = this.socket;
    if (socket && socket.readyState === OPEN) socket.send(JSON.stringify(message));
  }

  private startPing(): void {
    this.clearTimer("ping");
    const interval = this.opts.pingIntervalMs;
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket) return;
      if (Date.now() - this.lastMessageAt > interval * 2.5) {
        // Nothing (not even a heartbeat or a pong) for too long: the connection is dead.
        this.socket = null;
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(4000, "no answer to ping");
        this.handleClose();
        return;
      }
      this.send({ op: "ping" });
    }, interval);
  }

  private clearTimer(which: "reconnect" | "ping" | "refresh"): void {
    if (which === "reconnect" && this.reconnectTimer !== null) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
    } else if (which === "ping" && this.pingTimer !== null) {
      clearInterval(this.pingTimer);
      this.pingTimer = null;
    } else if (which === "refresh" && this.refreshTimer !== null) {
      clearInterval(this.refreshTimer);
      this.refreshTimer = null;
    }
  }

  private setState(state: LiveState): void {
    if (state === this._state) return;
    this._state = state;
    for (const listener of [...this.stateListeners]) listener(state);
  }
}
