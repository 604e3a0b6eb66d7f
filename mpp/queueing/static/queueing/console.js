/* The counter console: keyboard shortcuts, the service timer, and live refreshes of the panel
   when the site's event stream reports a change (htmx also polls every 15 s). */
(function () {
  "use strict";
  var root = document.getElementById("console");
  if (!root) return;
  var panel = document.getElementById("console-panel");

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" ||
                  el.tagName === "SELECT" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = (event.key || "").toLowerCase();
    var button = panel.querySelector('[data-key="' + key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
      return;
    }
    var field = panel.querySelector('[data-key-focus="' + key + '"]');
    if (field) {
      event.preventDefault();
      field.focus();
    }
  });

  // The timer of the current citizen (since called, or since the service started).
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    panel.querySelectorAll("time[data-timer-since]").forEach(function (el) {
      var since = Date.parse(el.dataset.timerSince);
      if (isNaN(since)) return;
      var s = Math.max(0, Math.floor((Date.now() - since) / 1000));
      var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
      el.textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s % 60);
    });
  }
  tick();
  setInterval(tick, 1000);

  // The answer to the officer's last button stays on screen for a while: the live refresh
  // that follows every action (the event stream, the 15 s poll) must not wipe it at once.
  var FEEDBACK_MS = 10000;
  var feedback = { html: "", at: 0 };
  // A live refresh replaces the panel: remember where the keyboard focus was to put it back.
  var focusKey = null;
  function keyOf(el) {
    if (!el || !panel.contains(el)) return null;
    if (el.hasAttribute("data-feedback")) return "[data-feedback]";
    if (el.id) return "#" + el.id;
    if (el.name && el.value) return '[name="' + el.name + '"][value="' + el.value + '"]';
    if (el.tagName === "H1") return "h1";
    return null;
  }
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.target === panel) focusKey = keyOf(document.activeElement);
  });
  function restoreFocus() {
    var active = document.activeElement;
    if (!focusKey || (active && active !== document.body && document.contains(active))) return;
    var el = panel.querySelector(focusKey);
    if (el) {
      if (!el.matches("button, input, a, summary")) el.setAttribute("tabindex", "-1");
      el.focus({ preventScroll: true });
    }
  }
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== panel) return;
    var box = document.getElementById("console-feedback");
    var verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "get";
    if (verb !== "get") {
      feedback = { html: box ? box.innerHTML : "", at: Date.now() };
      // The pressed button was replaced: put the keyboard focus on the answer, so Tab goes
      // on from the panel and not from the top of the page.
      var active = document.activeElement;
      if (!active || active === document.body || !document.contains(active)) {
        var target = (box && box.querySelector("[data-feedback]")) || panel.querySelector("h1");
        if (target) {
          target.setAttribute("tabindex", "-1");
          target.focus({ preventScroll: true });
        }
      }
    } else if (box && !box.querySelector("[data-feedback]") && feedback.html &&
               Date.now() - feedback.at < FEEDBACK_MS) {
      box.innerHTML = feedback.html;
      box.querySelectorAll("[role]").forEach(function (el) { el.removeAttribute("role"); });
    }
    if (verb === "get") restoreFocus();
    tick();
  });

  // Do not replace the panel while the officer types a transfer target.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt === panel && typing(document.activeElement) && panel.contains(document.activeElement)) {
      event.preventDefault();
    }
  });

  var timer = null;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (window.htmx) window.htmx.trigger(document.body, "console-refresh");
    }, 300);
  }
  if (root.dataset.eventsUrl && window.EventSource) {
    var source = new EventSource(root.dataset.eventsUrl);
    ["ticket.issued", "ticket.called", "ticket.recalled", "ticket.started", "ticket.finished",
     "ticket.no_show", "ticket.cancelled", "ticket.transferred", "counter.opened",
     "counter.closed"].forEach(function (name) {
      source.addEventListener(name, refreshSoon);
    });
    source.onopen = refreshSoon;  // after a reconnect, catch up
  }
})();
