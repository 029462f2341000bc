// Loaded blocking in <head> (templates/base.html) when the theme preference is "follow the system":
// the server rendered data-bs-theme="light"; under a dark colour scheme this switches it before the
// first paint. A file, not an inline script, so the Content-Security-Policy stays script-src 'self'.
(function () {
  try {
    if (window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches) {
      document.documentElement.setAttribute("data-bs-theme", "dark");
    }
  } catch (e) {
    /* keep the light theme */
  }
})();
