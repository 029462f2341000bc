// The page's theme: <html data-bs-theme> is rendered by the server from the user's preference
// (accounts/preferences_web.py); for "system" (data-theme-pref="system") static/js/theme-init.js in
// <head> picks dark or light before the first paint, and followSystemTheme() keeps it in step afterwards.
// Charts and React Flow (flow/colorMode.ts) read the theme here and follow its changes.
export type Theme = "light" | "dark" | "high-contrast";

export function currentTheme(doc: Document = document): Theme {
  const value = doc.documentElement.getAttribute("data-bs-theme");
  return value === "dark" || value === "high-contrast" ? value : "light";
}

/** React Flow knows light and dark: high contrast is dark there, with our variables on top. */
export function flowColorMode(theme: Theme = currentTheme()): "light" | "dark" {
  return theme === "light" ? "light" : "dark";
}

/** Calls ``fn`` with the new theme each time <html data-bs-theme> changes; returns the unsubscribe. */
export function onThemeChange(fn: (theme: Theme) => void, doc: Document = document): () => void {
  if (typeof MutationObserver === "undefined") return () => undefined;
  let last = currentTheme(doc);
  const observer = new MutationObserver(() => {
    const theme = currentTheme(doc);
    if (theme !== last) {
      last = theme;
      fn(theme);
    }
  });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ["data-bs-theme"] });
  return () => observer.disconnect();
}

/** With the "system" preference, follows the operating system's light/dark switch while the page is open. */
export function followSystemTheme(doc: Document = document, win: Window = window): void {
  if (doc.documentElement.dataset.themePref !== "system" || !win.matchMedia) return;
  const query = win.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => doc.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
  apply();
  query.addEventListener?.("change", apply);
}

/** A CSS variable of <html> (e.g. --bs-body-color), trimmed; ``fallback`` when unset. */
export function cssVar(name: string, fallback: string, doc: Document = document): string {
  const value = doc.defaultView?.getComputedStyle(doc.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
