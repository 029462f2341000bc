import { describe, expect, it } from "vitest";
import { bumpUnreadBadge, setupNotifications } from "./notify";

describe("unread badge", () => {
  it("counts notification.created events and shows itself", () => {
    document.body.innerHTML =
      '<a href="/notifications/" aria-label="Notifications (0 unread)"><span id="unread-badge" class="badge d-none">0</span></a>';
    setupNotifications(document, window);
    document.dispatchEvent(new CustomEvent("sluice:event", { detail: { id: 1, type: "notification.created", topic: "user:1", ts: "", data: { title: "t", body: "", link: "" } } }));
    document.dispatchEvent(new CustomEvent("sluice:event", { detail: { id: 2, type: "execution.started", topic: "user:1", ts: "", data: {} } }));
    const badge = document.getElementById("unread-badge") as HTMLElement;
    expect(badge.textContent).toBe("1");
    expect(badge.classList.contains("d-none")).toBe(false);
    expect(badge.closest("a")?.getAttribute("aria-label")).toBe("Notifications (1 unread)");
    expect(bumpUnreadBadge(badge, 2)).toBe(3);
  });
});
