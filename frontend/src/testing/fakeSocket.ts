// A WebSocket the tests drive by hand: open(), drop(), receive() and event() do what the server would.
import { vi } from "vitest";
import type { SocketLike } from "../live";

export class FakeSocket implements SocketLike {
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

/** Replaces the global WebSocket by FakeSocket; the array collects the sockets made, `restore()` undoes it. */
export function fakeWebSockets(): FakeSocket[] & { restore(): void } {
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
