// The navbar's unread badge and the browser-notification opt-in, both fed by notification.created.
import { isEventOf } from "./api/types";
import type { LiveEvent } from "./live";

export function bumpUnreadBadge(badge: HTMLElement | null, by = 1): number {
  if (!badge) return 0;
  const current = Number.parseInt(badge.textContent ?? "0", 10);
  const next = (Number.isFinite(current) ? current : 0) + by;
  badge.textContent = String(next);
  badge.classList.remove("d-none", "visually-hidden");
  badge.hidden = false;
  badge.dataset.count = String(next);
  const link = badge.closest("a");
  if (link?.hasAttribute("aria-label")) link.setAttribute("aria-label", `Notifications (${next} unread)`);
  return next;
}

type WindowWithNotifications = Window & { Notification: typeof Notification };

function notificationApi(win: Window): typeof Notification {
  return (win as WindowWithNotifications).Notification;
}

function notificationsSupported(win: Window): boolean {
  return "Notification" in win;
}

function renderOptin(button: HTMLButtonElement, win: Window): void {
  if (!notificationsSupported(win)) {
    button.disabled = true;
    button.title = "This browser cannot show notifications";
    return;
  }
  const permission = notificationApi(win).permission;
  button.dataset.permission = permission;
  button.setAttribute("aria-pressed", permission === "granted" ? "true" : "false");
  const label =
    permission === "granted"
      ? "Browser notifications are on"
      : permission === "denied"
        ? "Browser notifications are blocked in this browser's settings"
        : "Turn on browser notifications";
  button.title = label;
  button.disabled = permission === "denied";
}

export function setupNotifications(doc: Document = document, win: Window = window): void {
  const button = doc.getElementById("notify-optin") as HTMLButtonElement | null;
  if (button) {
    renderOptin(button, win);
    button.addEventListener("click", async () => {
      if (!notificationsSupported(win) || notificationApi(win).permission !== "default") return;
      await notificationApi(win).requestPermission();
      renderOptin(button, win);
    });
  }
  doc.addEventListener("sluice:event", (e) => {
    const event = (e as CustomEvent<LiveEvent>).detail;
    if (!event || !isEventOf(event, "notification.created")) return;
    bumpUnreadBadge(doc.getElementById("unread-badge"));
    if (notificationsSupported(win) && notificationApi(win).permission === "granted") {
      // Partial data (an older event) falls back to the defaults below.
      const data: Partial<typeof event.data> = event.data;
      const shown = new (notificationApi(win))(data.title ?? "Sluice", {
        body: data.body ?? "",
        tag: `sluice-notification-${data.notification_id ?? event.id}`,
      });
      if (data.link) {
        shown.onclick = () => {
          win.focus();
          win.location.assign(data.link as string);
        };
      }
    }
  });
}
