// The builder's guided tour (docs/ui.md, "Onboarding"; keys in docs/accessibility.md). Plain JS outside the
// bundle, loaded by templates/pipelines/builder.html only. Where the user is in the tour lives on the server
// (GET/PATCH /api/me/onboarding/): a new user gets it once, closing it mid-way resumes at that step next
// time, Esc or "Skip the tour" ends it, and "Take the tour" (the builder's header, the user menu) restarts it.
// Each step points at an element with a data-tour attribute; a step whose element is not on the page (Run
// for someone who may not run) is passed over.
(function () {
  "use strict";

  var STEPS = {
    palette: ["Add nodes", "The palette lists the node types: sources read data, transforms change it, quality checks test it and destinations write it. Drag one onto the canvas, or focus it and press Enter."],
    canvas: ["The canvas", "Your pipeline: nodes joined by edges from an output port to an input port. Drag from a port to another to connect them; select a node to configure it. Arrow keys move the selected node."],
    inspector: ["The inspector", "The selected node's settings, checked as you type, with the columns it puts out. With nothing selected it lists the keyboard shortcuts."],
    validate: ["Validate", "Checks the whole graph: missing settings, unknown columns, loops. Each problem is listed and marked on its node (it also runs after each change)."],
    "dry-run": ["Dry run", "Runs the pipeline on a sample of its data without writing anything, and shows each step's rows in the panel below the canvas."],
    save: ["Save", "Save keeps the draft; Save as version snapshots it. Runs and schedules always use a saved version, so history stays true after edits."],
    run: ["Run", "Starts the current version and opens the run's page, where every step is followed live: rows, time, logs and errors."],
  };
  var script = document.currentScript;
  var api = (script && script.getAttribute("data-onboarding-url")) || "/api/me/onboarding/";
  var order = [];
  var box = null;
  var current = -1;
  var target = null;
  var savedOutline = null;
  var returnFocus = null;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // One save at a time, in order: two PATCHes in flight can arrive swapped (quick clicks through the last steps
  // recorded "active, step 6" after "done"), and the server keeps whichever came last.
  var saving = Promise.resolve();

  function save(changes) {
    saving = saving.then(function () {
      return fetch(api, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), Accept: "application/json" },
        body: JSON.stringify(changes),
      });
    }).catch(function () {
      /* the tour still works; it resumes from the last step the server heard of */
    });
    return saving;
  }

  function targetOf(name) {
    var el = document.querySelector('[data-tour="' + name + '"]');
    if (!el) return null;
    var r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 ? el : null;
  }

  function firstAvailable(from, step) {
    for (var i = from; i >= 0 && i < order.length; i += step) {
      if (targetOf(order[i])) return i;
    }
    return -1;
  }

  function unmark() {
    if (target) {
      target.style.outline = savedOutline[0];
      target.style.outlineOffset = savedOutline[1];
      target.removeAttribute("data-tour-current");
    }
    target = null;
  }

  function mark(el) {
    unmark();
    target = el;
    savedOutline = [el.style.outline, el.style.outlineOffset];
    el.style.outline = "3px solid var(--bs-primary)";
    el.style.outlineOffset = "2px";
    el.setAttribute("data-tour-current", "true");
  }

  function place() {
    if (!box || !target) return;
    var r = target.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = document.documentElement.clientHeight;
    var w = box.offsetWidth;
    var h = box.offsetHeight;
    var top;
    var left;
    if (r.height > vh * 0.5 || r.width > vw * 0.6) {
      top = Math.max(r.top, 0) + 16; // a large part (the canvas): inside it, near its top
      left = Math.max(r.left, 0) + 16;
    } else if (r.bottom + 12 + h <= vh) {
      top = r.bottom + 12;
      left = r.left;
    } else if (r.top - 12 - h >= 0) {
      top = r.top - 12 - h;
      left = r.left;
    } else {
      top = r.top;
      left = r.right + 12 + w <= vw ? r.right + 12 : r.left - 12 - w;
    }
    box.style.top = Math.round(Math.min(Math.max(top, 8), Math.max(vh - h - 8, 8))) + "px";
    box.style.left = Math.round(Math.min(Math.max(left, 8), Math.max(vw - w - 8, 8))) + "px";
  }

  function focusables() {
    return Array.prototype.filter.call(box.querySelectorAll("button"), function (b) {
      return !b.disabled && b.offsetParent !== null;
    });
  }

  function onKey(event) {
    event.stopPropagation(); // the builder's shortcuts (Delete, arrows, Ctrl+Z) do not see the tour's keys
    if (event.key === "Escape") {
      event.preventDefault();
      finish("skipped");
    } else if (event.key === "Tab") {
      var items = focusables();
      if (!items.length) return;
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      } else if (!box.contains(document.activeElement)) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  function button(label, cls, act, aria) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = label;
    b.setAttribute("data-act", act);
    if (aria) b.setAttribute("aria-label", aria);
    return b;
  }

  function build() {
    box = document.createElement("div");
    box.className = "sluice-tour card shadow-lg border-primary";
    box.id = "builder-tour";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "builder-tour-title");
    box.setAttribute("aria-describedby", "builder-tour-body");
    box.style.position = "fixed";
    box.style.zIndex = "1085";
    box.style.width = "min(22rem, calc(100vw - 16px))";
    var body = document.createElement("div");
    body.className = "card-body";
    var progress = document.createElement("p");
    progress.className = "small text-body-secondary mb-1";
    progress.id = "builder-tour-progress";
    var title = document.createElement("h2");
    title.className = "h6 mb-2 pe-4";
    title.id = "builder-tour-title";
    title.tabIndex = -1;
    var text = document.createElement("p");
    text.className = "small mb-3";
    text.id = "builder-tour-body";
    var actions = document.createElement("div");
    actions.className = "d-flex flex-wrap gap-2 justify-content-end";
    actions.appendChild(button("Skip the tour", "btn-link me-auto px-0", "skip"));
    actions.appendChild(button("Back", "btn-outline-secondary", "back"));
    actions.appendChild(button("Next", "btn-primary", "next"));
    body.appendChild(progress);
    body.appendChild(title);
    body.appendChild(text);
    body.appendChild(actions);
    var close = button("", "btn-close position-absolute top-0 end-0 m-2", "close", "Close the tour (it resumes at this step)");
    box.appendChild(close);
    box.appendChild(body);
    box.addEventListener("keydown", onKey);
    box.addEventListener("click", function (event) {
      var act = event.target.closest && event.target.closest("[data-act]");
      if (!act) return;
      var what = act.getAttribute("data-act");
      if (what === "next") next();
      else if (what === "back") back();
      else if (what === "skip") finish("skipped");
      else if (what === "close") close_();
    });
    document.body.appendChild(box);
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
  }

  function show(index) {
    var name = order[index];
    var el = targetOf(name);
    if (!el) return false;
    current = index;
    if (!box) build();
    var available = order.filter(function (n) { return targetOf(n); });
    var position = available.indexOf(name) + 1;
    box.querySelector("#builder-tour-progress").textContent = "Builder tour · step " + position + " of " + available.length;
    box.querySelector("#builder-tour-title").textContent = STEPS[name][0];
    box.querySelector("#builder-tour-body").textContent = STEPS[name][1];
    box.setAttribute("data-step", name);
    box.querySelector('[data-act="back"]').disabled = firstAvailable(index - 1, -1) < 0;
    box.querySelector('[data-act="next"]').textContent = firstAvailable(index + 1, 1) < 0 ? "Done" : "Next";
    mark(el);
    if (el.scrollIntoView) el.scrollIntoView({ block: "nearest" });
    place();
    box.querySelector('[data-act="next"]').focus();
    return true;
  }

  function next() {
    var i = firstAvailable(current + 1, 1);
    if (i < 0) {
      finish("done");
      return;
    }
    save({ tour_status: "active", tour_step: i });
    show(i);
  }

  function back() {
    var i = firstAvailable(current - 1, -1);
    if (i < 0) return;
    save({ tour_status: "active", tour_step: i });
    show(i);
  }

  function teardown() {
    unmark();
    if (box) {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
      box.remove();
      box = null;
    }
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
  }

  function close_() {
    save({ tour_status: "active", tour_step: current });
    teardown();
  }

  function finish(status) {
    save({ tour_status: status });
    teardown();
  }

  function start(step) {
    if (box) teardown();
    returnFocus = document.activeElement;
    var i = firstAvailable(Math.min(Math.max(step, 0), order.length - 1), 1);
    if (i < 0) i = firstAvailable(0, 1);
    if (i < 0) return;
    save({ tour_status: "active", tour_step: i });
    show(i);
  }

  function whenReady(then) {
    var waited = 0;
    (function poll() {
      var ready = document.querySelector('.sluice-builder[data-ready="true"]');
      if (ready && targetOf("palette")) then();
      else if ((waited += 200) < 20000) setTimeout(poll, 200);
      // a small screen's read-only builder has no palette: no tour there
    })();
  }

  function init() {
    fetch(api, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        order = state.tour_steps.filter(function (n) { return STEPS[n]; });
        var restart = document.getElementById("builder-tour-start");
        if (restart) {
          restart.hidden = false;
          restart.addEventListener("click", function () { whenReady(function () { start(0); }); });
        }
        if (state.tour_status === "new" || state.tour_status === "active") {
          whenReady(function () { start(state.tour_status === "new" ? 0 : state.tour_step); });
        }
      })
      .catch(function () {
        /* no tour without the API */
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
