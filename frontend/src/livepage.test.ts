import { describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "./live";
import { startLive } from "./livepage";
import { fakeWebSockets } from "./testing/fakeSocket";

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
